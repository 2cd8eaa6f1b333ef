package dev.cohort.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees when a run is too big or too long: Ctrl-C gives a partial summary and exit 130,
 * running out of memory and internal errors give exit 70 with one line and a crash file.
 */
class ExhaustionTest {
  /** The scenario: a node fails every second for a century; never ends on its own. */
  static final String CHURN =
      """
      name: churn
      horizon: 36500d
      cluster:
        nodeGroups: [ { name: n, count: 4, resources: { CPU: 1 } } ]
        randomFailures: { mtbf: 1s, repair: 1s }
      jobs:
        - { name: a, replicas: { min: 2 }, maxRestarts: 1000000, rendezvousTimeout: 100000d,
            work: { total: 1000000d, checkpointEvery: 1h } }
      """;

  @TempDir Path tmp;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void reap() throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private Process cohort(List<String> jvm, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(jvm);
    cmd.add("-Djava.io.tmpdir=" + tmp);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(tmp.resolve("stdout").toFile())
            .redirectError(tmp.resolve("stderr").toFile())
            .start();
    started.add(p);
    return p;
  }

  private String read(String name) throws IOException {
    return Files.readString(tmp.resolve(name), StandardCharsets.UTF_8);
  }

  @Test
  void ctrlCStopsALongRunWithAPartialSummaryAndWritesNothing() throws Exception {
    Path file = Files.writeString(tmp.resolve("churn.yaml"), CHURN);
    Path out = tmp.resolve("report");
    Process p =
        cohort(
            List.of(), "simulate", file.toString(), "--progress", "log", "--out", out.toString());
    ResumeTest.await(
        "the first progress line",
        60_000,
        () -> {
          try {
            return read("stderr").contains("progress: churn:");
          } catch (IOException e) {
            return false;
          }
        });
    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the simulation did not stop on SIGINT");
    String stdout = read("stdout");
    String stderr = read("stderr");
    assertEquals(CtrlC.EXIT, p.exitValue(), stderr);
    assertTrue(stdout.contains("PARTIAL: stopped early; 1 of 1 replication(s) ran"), stdout);
    assertTrue(stdout.lines().anyMatch(l -> l.matches("a\\s+1\\s+0\\s+0\\s+0\\s+1\\s.*")), stdout);
    assertTrue(stderr.contains("stopped by Ctrl-C; partial results above"), stderr);
    assertFalse(Files.exists(out), "a stopped study must not write --out");
    try (var left = Files.list(tmp)) {
      assertTrue(left.noneMatch(f -> f.getFileName().toString().startsWith(".report")));
    }
  }

  @Test
  void runningOutOfMemoryIsExit70WithOneLineAndACrashFile() throws Exception {
    StringBuilder big = new StringBuilder("name: big\njobs:\n");
    for (int i = 0; i < 60_000; i++) {
      big.append("  - { name: job-")
          .append(i)
          .append(
              ", replicas: { min: 1, max: 2 }, resources: { CPU: 1 }, work: { duration: 1h } }\n");
    }
    Path file = Files.writeString(tmp.resolve("big.yaml"), big);
    Process p = cohort(List.of("-Xmx24m", "-XX:TieredStopAtLevel=1"), "validate", file.toString());
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    String stderr = read("stderr");
    assertEquals(Main.INTERNAL, p.exitValue(), stderr);
    assertEquals(1, stderr.lines().count(), stderr);
    assertTrue(stderr.startsWith("cohort: out of memory (heap limit "), stderr);
    assertTrue(stderr.contains("COHORT_JAVA_OPTS=-Xmx"), stderr);
    Path crash = crashFile();
    assertTrue(stderr.contains(crash.toString()), stderr);
    assertTrue(Files.readString(crash).contains("java.lang.OutOfMemoryError"));
  }

  @Test
  void anInternalErrorIsOneLineNamingTheCrashFileWithTheStackTrace() throws IOException {
    String saved = System.getProperty("java.io.tmpdir");
    System.setProperty("java.io.tmpdir", tmp.toString());
    StringWriter err = new StringWriter();
    int code;
    try {
      code =
          CrashReport.report(
              new IllegalStateException("gang 3 placed twice"),
              List.of("simulate", "x.yaml"),
              new PrintWriter(err));
    } finally {
      System.setProperty("java.io.tmpdir", saved);
    }
    assertEquals(70, code);
    String line = err.toString();
    assertEquals(1, line.lines().count(), line);
    assertTrue(
        line.startsWith(
            "cohort: internal error (a bug in Cohort, please report it):"
                + " IllegalStateException: gang 3 placed twice; details in "),
        line);
    String report = Files.readString(crashFile());
    assertTrue(report.contains("args: simulate x.yaml"), report);
    assertTrue(report.contains("at dev.cohort.driver.cli.ExhaustionTest"), report);
  }

  @Test
  void outOfMemoryIsRecognisedInsideWrappers() {
    OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
    assertEquals(
        oom,
        CrashReport.memoryError(new IllegalStateException(new ExecutionException(oom))),
        "an OOM in a worker thread arrives wrapped");
  }

  private Path crashFile() throws IOException {
    try (var files = Files.list(tmp)) {
      List<Path> crashes =
          files.filter(f -> f.getFileName().toString().startsWith("cohort-crash-")).toList();
      assertEquals(1, crashes.size(), crashes.toString());
      return crashes.get(0);
    }
  }
}
