package dev.cohort.sim.trace;

import dev.cohort.core.spec.Durations;
import dev.cohort.core.spec.WorkSpec;

/**
 * How the jobs of a trace checkpoint when the trace gives only their run time: a job that ran for T
 * on r replicas needs T × r of single-replica compute ({@link WorkSpec.Checkpointed#total}).
 */
public record CheckpointProfile(long every, long cost, long restartCost) {

  /** The work of a job that ran {@code runTime} on {@code replicas}. */
  public WorkSpec.Checkpointed work(long runTime, int replicas) {
    return new WorkSpec.Checkpointed(
        Math.max(1, Durations.times(runTime, replicas)), every, cost, restartCost);
  }
}
