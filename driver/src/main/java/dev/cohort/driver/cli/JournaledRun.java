package dev.cohort.driver.cli;

import dev.cohort.core.port.JobOutcome;
import dev.cohort.driver.journal.Journal;
import dev.cohort.driver.journal.JournalReader;
import dev.cohort.driver.journal.JournalRecord;
import dev.cohort.driver.journal.OrphanKeeper;
import dev.cohort.driver.journal.RunLock;
import dev.cohort.driver.local.ProcessIdentity;
import dev.cohort.driver.runtime.RuntimeLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A run with its journal: the run's lock held for as long as this driver runs it, the journal open,
 * and the orphan keeper that stops the replicas if no driver holds the run for the orphan grace. At
 * the end it records the outcome and tells the keeper to leave.
 */
final class JournaledRun implements AutoCloseable {
  final Path file;
  final Journal journal;
  private final RunLock lock;
  private Optional<JournalRecord.Keeper> keeper = Optional.empty();

  private JournaledRun(Path file, Journal journal, RunLock lock) {
    this.file = file;
    this.journal = journal;
    this.lock = lock;
  }

  /**
   * Starts a new journal at {@code file}. A journal already there from a run that ended is moved
   * aside (journal.1.jsonl, …); one from a run that did not end is refused: its replicas may still
   * run, and a second gang must not start beside them.
   */
  static JournaledRun start(Path file, JournalRecord.Header header) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (Files.exists(file)) {
      JournalReader.Recorded old;
      try {
        old = JournalReader.read(file);
      } catch (JournalReader.Damaged e) {
        throw new UserError(
            "--journal " + file + " exists and is not a journal Cohort can read; give another");
      }
      boolean ended = old.records().stream().anyMatch(r -> r instanceof JournalRecord.Ended);
      if (!ended) {
        throw new UserError(
            "job '"
                + old.header().source().file()
                + "' has an unfinished run in "
                + file
                + " (its replicas may still be running): resume it with cohort run --resume "
                + file
                + ", or give another --journal");
      }
      moveAside(file);
    }
    RunLock lock = take(file);
    return new JournaledRun(file, Journal.create(file, header), lock);
  }

  /** Continues the journal of a run that is being resumed. */
  static JournaledRun resume(Path file, long validBytes) throws IOException {
    RunLock lock = take(file);
    return new JournaledRun(file, Journal.reopen(file, validBytes), lock);
  }

  private static RunLock take(Path file) throws IOException {
    long deadline = System.nanoTime() + 3_000_000_000L; // the keeper may be looking right now
    while (true) {
      Optional<RunLock> l = RunLock.tryTake(file);
      if (l.isPresent()) {
        return l.get();
      }
      if (System.nanoTime() > deadline) {
        throw new UserError("the run in " + file + " is held by a driver that is still running");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserError("interrupted while waiting for the run's lock");
      }
    }
  }

  private static void moveAside(Path file) throws IOException {
    String name = file.getFileName().toString();
    String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
    int n = 1;
    Path to;
    do {
      to = file.resolveSibling(stem + "." + n++ + ".jsonl");
    } while (Files.exists(to));
    Files.move(file, to, StandardCopyOption.ATOMIC_MOVE);
    Files.deleteIfExists(OrphanKeeper.doneMarker(file));
    Files.deleteIfExists(RunLock.fileOf(file));
  }

  /** Makes sure a keeper watches the run: the one recorded, if alive, or a new one. */
  void keep(
      Optional<JournalRecord.Keeper> known,
      String run,
      long orphanGraceMillis,
      long stopGraceMillis,
      Path log)
      throws IOException {
    Files.deleteIfExists(OrphanKeeper.doneMarker(file));
    if (known.isPresent() && ProcessIdentity.same(known.get().pid(), known.get().startTicks())) {
      keeper = known;
      return;
    }
    JournalRecord.Keeper k = OrphanKeeper.start(file, run, orphanGraceMillis, stopGraceMillis, log);
    journal.write(k, true);
    keeper = Optional.of(k);
  }

  /** The job ended: record it and let the keeper go. */
  void ended(RuntimeLoop.Outcome o) {
    if (o.outcome() != null) {
      journal.write(new JournalRecord.Ended(o.outcome(), o.reason()), true);
      finished();
    }
  }

  /** The job is over (now or before): the keeper may leave. */
  void finished() {
    try {
      Files.writeString(OrphanKeeper.doneMarker(file), "done\n");
    } catch (IOException e) {
      return; // the keeper then finds no driver and no replica, and leaves after the grace
    }
    // The keeper looks for the marker four times a second; the run is over once it has left.
    keeper
        .filter(k -> ProcessIdentity.same(k.pid(), k.startTicks()))
        .flatMap(k -> ProcessHandle.of(k.pid()))
        .ifPresent(
            h -> {
              try {
                h.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
              } catch (Exception e) {
                // it will leave on its own
              }
            });
  }

  /** Records an ending the driver learned only on resume (the job had ended already). */
  void endedBefore(JobOutcome outcome, String reason) {
    journal.write(new JournalRecord.Ended(outcome, reason), true);
    finished();
  }

  @Override
  public void close() {
    journal.close();
    lock.close();
  }
}
