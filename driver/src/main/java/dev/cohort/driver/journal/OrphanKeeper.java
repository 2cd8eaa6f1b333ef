package dev.cohort.driver.journal;

import dev.cohort.driver.local.ProcessGroups;
import dev.cohort.driver.local.ProcessIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stops a run's replicas when no driver has held the run for the orphan grace. It runs as a small
 * process of its own, in its own session, started by the driver, so the driver's death (SIGKILL,
 * the OOM killer, a closed terminal) does not take it down. It watches the run's lock ({@link
 * RunLock}): free means no driver. When the run ends normally the driver leaves a {@code .done}
 * marker next to the journal and the keeper leaves.
 *
 * <p>Usage: {@code OrphanKeeper JOURNAL RUN ORPHAN_GRACE_MS STOP_GRACE_MS}.
 */
public final class OrphanKeeper {
  private OrphanKeeper() {}

  /** The marker a driver leaves when its run has ended. */
  public static Path doneMarker(Path journal) {
    return journal.resolveSibling(journal.getFileName() + ".done");
  }

  public static void main(String[] args) throws Exception {
    Path journal = Path.of(args[0]);
    String run = args[1];
    long orphanGrace = Long.parseLong(args[2]);
    long stopGrace = Long.parseLong(args[3]);
    log("keeping run " + run + " (" + journal + "): orphan grace " + orphanGrace + " ms");
    long freeSince = -1;
    while (true) {
      if (Files.exists(doneMarker(journal))) {
        log("the run ended; leaving");
        return;
      }
      Optional<RunLock> lock = RunLock.tryTake(journal);
      if (lock.isEmpty()) {
        freeSince = -1; // a driver holds the run
      } else {
        long now = System.nanoTime();
        if (freeSince < 0) {
          freeSince = now;
          log("no driver holds the run");
        }
        if (now - freeSince >= orphanGrace * 1_000_000) {
          try (RunLock held = lock.get()) {
            stopAll(run, stopGrace);
          }
          return;
        }
        lock.get().close();
      }
      Thread.sleep(250);
    }
  }

  /** Stops every process group of the run at once: SIGTERM, then SIGKILL after the grace. */
  static void stopAll(String run, long stopGrace) throws InterruptedException {
    List<Thread> stops = new ArrayList<>();
    for (ProcessIdentity.Found f : ProcessIdentity.ofRun(run)) {
      log("stopping unattended replica process group " + f.pid() + " " + f.cohortEnv());
      Thread t = new Thread(() -> ProcessGroups.terminate(f.pid(), stopGrace));
      t.start();
      stops.add(t);
    }
    for (Thread t : stops) {
      t.join();
    }
    log("stopped " + stops.size() + " process group(s); leaving");
  }

  private static void log(String line) {
    System.out.println(Instant.now() + " " + line);
  }

  /** Starts a keeper for a run, detached from the driver; returns its pid and start time. */
  public static JournalRecord.Keeper start(
      Path journal, String run, long orphanGraceMillis, long stopGraceMillis, Path log)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("-Xmx32m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(OrphanKeeper.class.getName());
    cmd.add(journal.toAbsolutePath().toString());
    cmd.add(run);
    cmd.add(Long.toString(orphanGraceMillis));
    cmd.add(Long.toString(stopGraceMillis));
    Files.createDirectories(log.toAbsolutePath().getParent());
    ProcessBuilder pb = new ProcessBuilder(ProcessGroups.wrap(cmd));
    pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.redirectErrorStream(true);
    Process p = pb.start();
    return new JournalRecord.Keeper(p.pid(), ProcessIdentity.startTicks(p.pid()).orElse(-1));
  }
}
