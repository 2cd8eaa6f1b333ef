package dev.cohort.driver.journal;

import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.Command;
import dev.cohort.driver.local.LocalBackend;
import dev.cohort.driver.runtime.RuntimeLoop;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a run's steps and launches to its journal: each controller step before its commands are
 * carried out (forced to disk when it starts or stops anything), and where each replica process
 * started as soon as it has.
 */
public final class JournalRecorder implements RuntimeLoop.Recorder, LocalBackend.Launches {
  private final Journal journal;

  public JournalRecorder(Journal journal) {
    this.journal = journal;
  }

  @Override
  public void submitted(long at, List<Command> commands) {
    journal.write(new JournalRecord.Submitted(at, commands), true);
  }

  @Override
  public void stepped(ClusterEvent event, List<Command> commands) {
    journal.step(event, commands);
  }

  @Override
  public void started(int replica, int attempt, long pid, long startTicks, Path statusFile) {
    journal.write(
        new JournalRecord.Started(replica, attempt, pid, startTicks, statusFile.toString()), true);
  }
}
