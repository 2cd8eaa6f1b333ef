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
 * @param tieBreak how nodes that score the same are ordered
 * @param actors how plain actors are placed
 * @param version the Ray release modelled: {@code 2.39} (default) or {@code 2.9}
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
    boolean elideRetries,
    TieBreak tieBreak,
    ActorScheduling actors,
    String version) {

  /** The Ray releases that can be modelled, newest first. */
  public static final java.util.List<String> VERSIONS = java.util.List.of("2.39", "2.9");

  /** Ray 2.39 defaults. */
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
          true,
          TieBreak.RANDOM,
          ActorScheduling.DEFAULTS,
          "2.39");

  /**
   * The defaults of a Ray release. No setting the model covers was found to differ between 2.9 and
   * 2.39 (docs/gcs-model.md says what was checked); the version is recorded, and is where such a
   * difference would go.
   */
  public static GcsConfig preset(String version) {
    if (!VERSIONS.contains(version)) {
      throw new IllegalArgumentException(
          "version " + version + " is not modelled; use one of " + String.join(", ", VERSIONS));
    }
    return DEFAULTS.with(version);
  }

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
    java.util.Objects.requireNonNull(tieBreak);
    java.util.Objects.requireNonNull(actors);
  }

  private GcsConfig with(String v) {
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
        elideRetries,
        tieBreak,
        actors,
        v);
  }

  /** A copy with another tie order. */
  public GcsConfig withTieBreak(TieBreak t) {
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
        elideRetries,
        t,
        actors,
        version);
  }

  /** A copy with another actor placement. */
  public GcsConfig withActors(ActorScheduling a) {
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
        elideRetries,
        tieBreak,
        a,
        version);
  }

  /** A copy with other health checks (initial delay, period, threshold) and tick. */
  public GcsConfig withTiming(long tickMicros, long healthInitial, long healthEvery, int failures) {
    return new GcsConfig(
        pgPriority,
        rescheduleSpin,
        detectInfeasible,
        tickMicros,
        backoffMin,
        backoffMultiplier,
        backoffMax,
        commitLatency,
        healthInitial,
        healthEvery,
        failures,
        startLatency,
        elideRetries,
        tieBreak,
        actors,
        version);
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
        elide,
        tieBreak,
        actors,
        version);
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
