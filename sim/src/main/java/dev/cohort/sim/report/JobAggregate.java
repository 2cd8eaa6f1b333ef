package dev.cohort.sim.report;

import dev.cohort.sim.workload.TimeUse;

/**
 * One declared job, or one arrivals entry over all its generated jobs, across all replications.
 *
 * @param name declared job name or arrivals name
 * @param jct completion time (finishedAt − submittedAt) of finished runs, seconds
 * @param waitTime startedAt − submittedAt of started runs, seconds
 * @param restarts restart budget used per job
 * @param ettr effective training time ratio per job (productive / wall time), 0 to 1
 * @param availability per declared job, the share of time its gang ran at full size (max replicas)
 *     from its first full gang to its end; empty for arrivals entries
 * @param time the jobs' time use summed over all runs (shares of it say where the time went)
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
    Stats restarts,
    Stats ettr,
    Stats availability,
    TimeUse time) {

  /** Number of job outcomes counted. */
  public int total() {
    return succeeded + failed + cancelled + unfinished;
  }

  /** A part of the summed time use as a share of the summed wall time; null if no time passed. */
  public Double share(long part) {
    long wall = time.wall();
    return wall == 0 ? null : part / (double) wall;
  }
}
