package dev.cohort.driver.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

/** What a real-time run may leave on this host: nothing. */
final class Leftovers {
  private Leftovers() {}

  /** Fails unless every process this JVM started is gone (waits a little for reaping). */
  static void assertNoChildProcesses() throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    List<String> alive = alive();
    while (!alive.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      alive = alive();
    }
    assertEquals(List.of(), alive, "processes left behind");
  }

  private static String abbreviate(String s) {
    return s.length() <= 160 ? s : s.substring(0, 160) + "…";
  }

  private static List<String> alive() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .map(p -> p.pid() + " " + abbreviate(p.info().commandLine().orElse("?")))
        .toList();
  }
}
