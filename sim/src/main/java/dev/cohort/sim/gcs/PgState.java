package dev.cohort.sim.gcs;

/** Lifecycle of a placement group in the GCS (Ray's states, same names). */
public enum PgState {
  PENDING,
  CREATED,
  RESCHEDULING,
  REMOVED
}
