package dev.cohort.sim.gcs;

/** Where a plain actor's lease is granted. */
public enum ActorPolicy {
  /**
   * Ray's default: the raylet's hybrid policy (see {@link dev.cohort.core.placement.HybridPolicy}).
   */
  HYBRID,
  /** The least-resource scorer placement groups use (worst fit over all nodes). */
  LEAST_RESOURCE
}
