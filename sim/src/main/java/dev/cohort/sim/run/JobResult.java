package dev.cohort.sim.run;

import dev.cohort.sim.workload.TimeUse;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one job in one run. Times in µs from the start of the simulation.
 *
 * @param name job name
 * @param source {@code ""} for declared jobs, else the name of the arrivals entry
 * @param status SUCCEEDED, FAILED, CANCELLED, or PENDING/RUNNING when unfinished at the horizon
 * @param reason why it ended ("" when unfinished)
 * @param nodes node name of each replica at its first start, by replica index (empty if never)
 * @param interruptions incidents (crashes, trace removals, maintenance) that hit its processes
 * @param time how it spent its wall time, to its end or the horizon ({@link TimeUse#ettr})
 * @param availability share of the time from its first full gang to its end (or the horizon) that
 *     all {@code max} replicas ran; NaN if the gang was never full
 */
public record JobResult(
    String name,
    String source,
    String status,
    String reason,
    long submittedAt,
    Optional<Long> startedAt,
    Optional<Long> finishedAt,
    int restarts,
    int replicasStarted,
    List<Optional<String>> nodes,
    int interruptions,
    TimeUse time,
    double availability) {

  /** True when the job ended (in any way) before the horizon. */
  public boolean finished() {
    return finishedAt.isPresent();
  }
}
