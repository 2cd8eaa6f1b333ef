package dev.cohort.sim.gcs;

/**
 * How the GCS and raylets order nodes that score the same. Ray keeps the first best node in its
 * hash maps' iteration order over random node ids: arbitrary, but fixed for a node's life.
 */
public enum TieBreak {
  /** A seeded pseudo-random order: each node incarnation draws its place when it registers. */
  RANDOM,
  /** Registration order: the first node registered wins (the model before Ray 2.39 fidelity). */
  REGISTRATION
}
