package dev.cohort.sim.engine;

/**
 * The tie-breaker between events due at the same virtual time; lower runs first. Together with time
 * and insertion sequence it makes the event order total: {@code (time, priority, seq)}.
 *
 * <p>The order encodes causality the models rely on: the world changes first (a node crashes or
 * joins, the GCS declares a node dead), then the GCS acts on it, then controllers hear about it,
 * then work and timers, then new submissions. Checks are not events; they run after each event.
 */
public enum EventPriority {
  /** A node crashes (its processes stop at once; nobody is told yet). */
  NODE_CRASH,
  /** A node registers with the GCS (a new node or a repaired one rejoining). */
  NODE_JOIN,
  /** Health checks declare a crashed node dead: bundles and actors on it are lost. */
  NODE_DEAD,
  /**
   * The GCS's periodic tick, which retries due placement groups. It runs before other GCS work of
   * the same instant, so whether a tick has happened at an instant never depends on when it was
   * requested.
   */
  GCS_TICK,
  /** GCS work: two-phase-commit completions, scheduling turns, actor leases. */
  GCS,
  /** A cluster event reaches its job controller. */
  DELIVER,
  /** Workload progress: a replica finishes, a checkpoint completes. */
  WORK,
  /** A controller's timer is due. */
  TIMER,
  /** A job is submitted. */
  SUBMIT
}
