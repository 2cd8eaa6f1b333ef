package dev.cohort.sim.gcs;

import dev.cohort.core.spec.Durations;

/**
 * Every knob of the fake GCS, with Ray 2.x defaults (see docs/gcs-model.md). Times in µs.
 *
 * @param pgPriority rank of a group that lost bundles
 * @param rescheduleSpin Ray 2.9: a RESCHEDULING group that fails goes back at rank 0 with no delay,
 *     so it blocks the whole queue until the cluster changes
 * @param detectInfeasible whether PACK/SPREAD groups that fit no node's total become INFEASIBLE
 *     (later Ray) instead of retrying for ever (2.9)
 * @param tick period of the GCS tick that retries pending groups
 * @param backoffMin first retry delay of a failed PENDING group
 * @param backoffMultiplier growth of the retry delay
 * @param backoffMax cap of the retry delay
 * @param commitLatency prepare + commit round trips of one two-phase commit
 * @param healthInitialDelay first health check after a node registers
 * @param healthPeriod time between health checks
 * @param healthFailureThreshold consecutive failed checks that declare a node dead
 * @param startLatency from a start command to the replica's process running
 * @param elideRetries skip placement decisions known to fail and ticks at which nothing could be
 *     placed, applying their effect on the queue exactly (true, the default); false runs Ray's
 *     process literally, a tick every second and every decision computed (slow; for checking)
 */
public record GcsConfig(
    PgPriority pgPriority,
    boolean rescheduleSpin,
    boolean detectInfeasible,
    long tick,
    long backoffMin,
    double backoffMultiplier,
    long backoffMax,
    long commitLatency,
    long healthInitialDelay,
    long healthPeriod,
    int healthFailureThreshold,
    long startLatency,
    boolean elideRetries) {

  /** Ray 2.9 defaults. */
  public static final GcsConfig DEFAULTS =
      new GcsConfig(
          PgPriority.RESCHEDULE_FIRST,
          true,
          false,
          Durations.MICROS_PER_SECOND,
          100 * Durations.MICROS_PER_MILLI,
          1.5,
          Durations.MICROS_PER_SECOND,
          2 * Durations.MICROS_PER_MILLI,
          5 * Durations.MICROS_PER_SECOND,
          3 * Durations.MICROS_PER_SECOND,
          5,
          0,
          true);

  public GcsConfig {
    if (tick <= 0 || backoffMin <= 0 || backoffMax < backoffMin || backoffMultiplier < 1) {
      throw new IllegalArgumentException("tick and backoff must be positive and non-shrinking");
    }
    if (commitLatency < 0 || startLatency < 0 || healthInitialDelay < 0 || healthPeriod <= 0) {
      throw new IllegalArgumentException("latencies must not be negative");
    }
    if (healthFailureThreshold < 1) {
      throw new IllegalArgumentException("healthFailureThreshold must be ≥ 1");
    }
  }

  /** A copy with retries elided or run literally. */
  public GcsConfig withElideRetries(boolean elide) {
    return new GcsConfig(
        pgPriority,
        rescheduleSpin,
        detectInfeasible,
        tick,
        backoffMin,
        backoffMultiplier,
        backoffMax,
        commitLatency,
        healthInitialDelay,
        healthPeriod,
        healthFailureThreshold,
        startLatency,
        elide);
  }

  /** Time from a crash to the node being declared dead, for a node registered at {@code reg}. */
  public long deathTime(long registeredAt, long crashedAt) {
    long firstCheck = registeredAt + healthInitialDelay;
    long firstFailed;
    if (crashedAt <= firstCheck) {
      firstFailed = firstCheck;
    } else {
      long k = (crashedAt - firstCheck + healthPeriod - 1) / healthPeriod;
      firstFailed = firstCheck + k * healthPeriod;
    }
    return Durations.plus(firstFailed, (long) (healthFailureThreshold - 1) * healthPeriod);
  }
}
