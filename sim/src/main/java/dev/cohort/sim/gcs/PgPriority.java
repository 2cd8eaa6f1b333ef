package dev.cohort.sim.gcs;

/** Where a placement group that lost bundles re-enters the pending queue. */
public enum PgPriority {
  /** At rank 0, ahead of every other pending group (Ray's behaviour). */
  RESCHEDULE_FIRST,
  /** At rank = now, behind older pending groups (what-if: no recovery priority). */
  FIFO
}
