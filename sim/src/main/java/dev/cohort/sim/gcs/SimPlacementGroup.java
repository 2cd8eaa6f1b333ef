package dev.cohort.sim.gcs;

import dev.cohort.core.placement.Bundle;
import dev.cohort.core.placement.PlacementGroupSpec;
import dev.cohort.core.port.PgId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The GCS's record of one placement group: state, bundle locations, rank and retry backoff. */
public final class SimPlacementGroup implements PlacementGroupView {
  final PlacementGroupSpec spec;
  final int[] nodeOfBundle;
  PgState state = PgState.PENDING;

  /** Next retry delay for a failed PENDING attempt. */
  long backoff;

  /** When the group entered the queue (creation or loss), for the queue-wait statistics. */
  long queuedSince;

  int attempts;

  // Pending-queue bookkeeping, owned by PendingQueue.
  Shape shape;
  PendingQueue.Cohort cohort;
  SimPlacementGroup prev;
  SimPlacementGroup next;
  SimPlacementGroup shapePrev;
  SimPlacementGroup shapeNext;
  long ord;

  /** Bundles placed now. */
  private int placed;

  /** Indices of the bundles not placed now; made when a first bundle is placed. */
  private BitSet unplacedIndices;

  /**
   * Nodes holding this group's committed bundles, with how many each holds; kept for STRICT_SPREAD
   * only, the one strategy whose decisions must avoid them.
   */
  private final Map<Integer, Integer> occupied;

  SimPlacementGroup(PlacementGroupSpec spec, long now, long backoffMin) {
    this.spec = spec;
    this.nodeOfBundle = new int[spec.bundles().size()];
    Arrays.fill(nodeOfBundle, -1);
    this.occupied =
        spec.strategy() == dev.cohort.core.placement.PlacementStrategy.STRICT_SPREAD
            ? new HashMap<>()
            : Map.of();
    this.backoff = backoffMin;
    this.queuedSince = now;
  }

  @Override
  public PgId id() {
    return spec.id();
  }

  @Override
  public PgState state() {
    return state;
  }

  @Override
  public int nodeOf(int i) {
    return nodeOfBundle[i];
  }

  @Override
  public int size() {
    return nodeOfBundle.length;
  }

  @Override
  public PlacementGroupSpec spec() {
    return spec;
  }

  /** Records bundle {@code i} on {@code node} (−1: not placed). */
  void place(int i, int node) {
    int before = nodeOfBundle[i];
    boolean strict = occupied instanceof HashMap;
    if (before >= 0) {
      placed--;
      if (strict) {
        occupied.merge(before, -1, (a, b) -> a + b == 0 ? null : a + b);
      }
    }
    nodeOfBundle[i] = node;
    if (node >= 0) {
      placed++;
      if (strict) {
        occupied.merge(node, 1, Integer::sum);
      }
    }
    if (unplacedIndices == null) {
      unplacedIndices = new BitSet(nodeOfBundle.length);
      unplacedIndices.set(0, nodeOfBundle.length);
    }
    unplacedIndices.set(i, node < 0);
  }

  /** True when every bundle is placed. */
  boolean complete() {
    return placed == nodeOfBundle.length;
  }

  /** True when no bundle is placed. */
  boolean empty() {
    return placed == 0;
  }

  List<Bundle> unplaced() {
    if (placed == 0) {
      return spec.bundles();
    }
    List<Bundle> out = new ArrayList<>(nodeOfBundle.length - placed);
    for (int i = unplacedIndices.nextSetBit(0); i >= 0; i = unplacedIndices.nextSetBit(i + 1)) {
      out.add(spec.bundles().get(i));
    }
    return out;
  }

  /** Nodes holding committed bundles of this group (STRICT_SPREAD must avoid them). */
  Set<Integer> occupiedNodes() {
    return occupied.keySet();
  }
}
