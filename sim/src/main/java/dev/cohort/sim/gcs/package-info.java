/**
 * A fake of Ray's GCS: the placement-group manager with its rank-ordered pending queue, single
 * two-phase commit in flight, tick, backoff, infeasible queue and rank-0 recovery, and the FIFO
 * lease queue of plain actors. Defaults follow Ray 2.9; every knob is in {@link
 * dev.cohort.sim.gcs.GcsConfig}.
 */
package dev.cohort.sim.gcs;
