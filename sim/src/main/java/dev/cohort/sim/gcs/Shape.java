package dev.cohort.sim.gcs;

import dev.cohort.core.placement.PlacementStrategy;
import dev.cohort.core.resources.Resources;
import java.util.List;

/**
 * What a placement decision for a group depends on besides the cluster: its strategy and the
 * bundles it still needs. Groups of one shape succeed or fail together on a given cluster view, so
 * the GCS remembers, per shape, the cluster version at which a decision last failed (or found the
 * shape infeasible) and never recomputes it on that version. A group with placed bundles (one being
 * rescheduled) has a shape of its own.
 */
final class Shape {
  /** The key shared shapes are interned by. */
  record Key(PlacementStrategy strategy, List<Resources> bundles) {}

  final Key key;

  /** Cluster version at which a decision for this shape failed; −1 if none. */
  long failedAt = -1;

  /** Cluster version at which this shape was found infeasible; −1 if none. */
  long infeasibleAt = -1;

  /** Members of this shape in the pending queue. */
  int pending;

  Shape(Key key) {
    this.key = key;
  }

  /** True when a decision on cluster {@code version} is known to fail or be infeasible. */
  boolean known(long version) {
    return failedAt == version || infeasibleAt == version;
  }
}
