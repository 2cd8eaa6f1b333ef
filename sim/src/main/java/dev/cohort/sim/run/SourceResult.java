package dev.cohort.sim.run;

import dev.cohort.sim.workload.TimeUse;
import java.util.Arrays;

/**
 * The jobs one arrivals entry generated in one run, as the report aggregates them: how they ended
 * and the samples its statistics need, in generation order. Times in µs.
 *
 * @param name the arrivals entry
 * @param jct finishedAt − submittedAt of each job that ended
 * @param waits startedAt − submittedAt of each job that started
 * @param restarts the restart budget each job used
 * @param ettr effective training time ratio of each job that spent any time (see {@link
 *     TimeUse#ettr})
 * @param time the jobs' time use, summed
 */
public record SourceResult(
    String name,
    int succeeded,
    int failed,
    int cancelled,
    int unfinished,
    long[] jct,
    long[] waits,
    int[] restarts,
    double[] ettr,
    TimeUse time) {

  /** Number of jobs. */
  public int total() {
    return succeeded + failed + cancelled + unfinished;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SourceResult r
        && name.equals(r.name)
        && succeeded == r.succeeded
        && failed == r.failed
        && cancelled == r.cancelled
        && unfinished == r.unfinished
        && Arrays.equals(jct, r.jct)
        && Arrays.equals(waits, r.waits)
        && Arrays.equals(restarts, r.restarts)
        && Arrays.equals(ettr, r.ettr)
        && time.equals(r.time);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + Arrays.hashCode(jct);
  }

  @Override
  public String toString() {
    return name
        + ": "
        + succeeded
        + " ok, "
        + failed
        + " failed, "
        + cancelled
        + " cancelled, "
        + unfinished
        + " unfinished";
  }
}
