package dev.cohort.sim.report;

/**
 * One declared job, or one arrivals entry over all its generated jobs, across all replications.
 *
 * @param name declared job name or arrivals name
 * @param jct completion time (finishedAt − submittedAt) of finished runs, seconds
 * @param waitTime startedAt − submittedAt of started runs, seconds
 * @param restarts restart budget used per job
 */
public record JobAggregate(
    String name,
    boolean generated,
    int succeeded,
    int failed,
    int cancelled,
    int unfinished,
    Stats jct,
    Stats waitTime,
    Stats restarts) {

  /** Number of job outcomes counted. */
  public int total() {
    return succeeded + failed + cancelled + unfinished;
  }
}
