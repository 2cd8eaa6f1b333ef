package dev.cohort.core.placement;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** The outcome of one placement decision, as Ray's bundle scheduling policy reports it. */
public sealed interface PlacementResult {

  /** Every requested bundle has a node (bundle index → node id). */
  record Placed(SortedMap<Integer, Integer> nodeOfBundle) implements PlacementResult {
    public Placed {
      nodeOfBundle = Collections.unmodifiableSortedMap(new TreeMap<>(nodeOfBundle));
    }
  }

  /** Not now: resources are busy; retry later (Ray: NO_RESOURCES / feasible failure). */
  record Failed(String reason) implements PlacementResult {}

  /** Not with these nodes: waits until a node is added (Ray: INFEASIBLE). */
  record Infeasible(String reason) implements PlacementResult {}
}
