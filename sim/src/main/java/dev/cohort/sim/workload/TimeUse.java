package dev.cohort.sim.workload;

import dev.cohort.core.spec.Durations;

/**
 * How a job spent its wall time, from submission to its end (or to the horizon), in µs. The five
 * parts add up to the wall time: {@code productive} is computing whose result the job kept; the
 * rest is lost, split as in Meta's reliability study (Kokolis et al., HPCA'25): {@code queued}
 * (waiting for a full gang: scheduling, failure detection, relaunch), {@code restart} (reloading
 * after a restart, and planned downtime), {@code recomputed} (computing thrown away by a rollback
 * to the last checkpoint) and {@code checkpoint} (blocking checkpoint writes).
 */
public record TimeUse(
    long productive, long queued, long restart, long recomputed, long checkpoint) {

  /** Nothing yet (a job that was never submitted). */
  public static final TimeUse NONE = new TimeUse(0, 0, 0, 0, 0);

  /** The sum of two (saturating; used to total a workload's jobs). */
  public TimeUse plus(TimeUse o) {
    return new TimeUse(
        Durations.plus(productive, o.productive),
        Durations.plus(queued, o.queued),
        Durations.plus(restart, o.restart),
        Durations.plus(recomputed, o.recomputed),
        Durations.plus(checkpoint, o.checkpoint));
  }

  /** Submission to end. */
  public long wall() {
    return Durations.plus(
        Durations.plus(productive, queued),
        Durations.plus(Durations.plus(restart, recomputed), checkpoint));
  }

  /**
   * Effective training time ratio: productive time over wall time; NaN when no time passed (a job
   * submitted at the very end of the run).
   */
  public double ettr() {
    long w = wall();
    return w == 0 ? Double.NaN : productive / (double) w;
  }
}
