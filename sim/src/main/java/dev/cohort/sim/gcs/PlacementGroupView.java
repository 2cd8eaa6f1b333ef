package dev.cohort.sim.gcs;

import dev.cohort.core.placement.PlacementGroupSpec;
import dev.cohort.core.port.PgId;

/** What a check may read of one placement group the GCS knows. */
public interface PlacementGroupView {
  /** The group's id. */
  PgId id();

  /** Its current state. */
  PgState state();

  /** Node id of bundle {@code i}, or −1 when not placed. */
  int nodeOf(int i);

  /** Number of bundles. */
  int size();

  /** The group's spec (bundles and strategy). */
  PlacementGroupSpec spec();
}
