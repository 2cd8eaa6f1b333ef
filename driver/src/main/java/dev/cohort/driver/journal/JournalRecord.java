package dev.cohort.driver.journal;

import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.Command;
import dev.cohort.core.port.JobOutcome;
import java.util.List;
import java.util.Map;

/** One line of a run journal. */
public sealed interface JournalRecord {

  /**
   * The first line: what runs, where, and how it was asked for.
   *
   * @param version journal format version
   * @param run the run's id (replica processes carry it as {@code COHORT_RUN})
   * @param source the job as it was given (kept whole, so a resume runs exactly that job)
   * @param backend the backend's name
   * @param options the backend options the run was started with
   * @param epochMillis wall-clock time of the run's time 0 (resumed runs continue its clock)
   */
  record Header(
      int version,
      String run,
      Source source,
      String backend,
      Map<String, String> options,
      long epochMillis)
      implements JournalRecord {}

  /**
   * A job as it was given: a Cohort job file or a TorchX actors.json, by its text.
   *
   * @param kind {@code job} or {@code actors-json}
   */
  record Source(String kind, String file, String text) {}

  /** The job was submitted at {@code at} µs; the controller issued {@code commands}. */
  record Submitted(long at, List<Command> commands) implements JournalRecord {}

  /** The controller was given {@code event} and issued {@code commands}. */
  record Step(ClusterEvent event, List<Command> commands) implements JournalRecord {}

  /**
   * A replica process started: what identifies it on the host (local backend).
   *
   * @param pid the process (and process group) id of the replica's supervisor
   * @param startTicks its start time as the kernel counts it, so a reused pid is never taken for it
   * @param exitFile where its exit status is written when it ends
   */
  record Started(int replica, int attempt, long pid, long startTicks, String exitFile)
      implements JournalRecord {}

  /** A driver took the run over at {@code at} µs (pid {@code driverPid}). */
  record Resumed(long at, long driverPid) implements JournalRecord {}

  /** The orphan keeper of the run started (pid and start time, for the same reason as above). */
  record Keeper(long pid, long startTicks) implements JournalRecord {}

  /** The job ended. */
  record Ended(JobOutcome outcome, String reason) implements JournalRecord {}
}
