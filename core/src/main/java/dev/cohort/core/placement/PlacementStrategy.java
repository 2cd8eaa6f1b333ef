package dev.cohort.core.placement;

/** How a placement group's bundles are spread over nodes; the four strategies of Ray. */
public enum PlacementStrategy {
  /** As few nodes as possible, but may use several. */
  PACK,
  /** As many nodes as possible, but may share. */
  SPREAD,
  /** All bundles on one node, or nothing. */
  STRICT_PACK,
  /** Every bundle on a different node, or nothing. */
  STRICT_SPREAD
}
