package dev.cohort.sim.gcs;

import dev.cohort.core.placement.Bundle;
import dev.cohort.core.placement.PlacementGroupSpec;
import dev.cohort.core.port.PgId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/** The GCS's record of one placement group: state, bundle locations, rank and retry backoff. */
public final class SimPlacementGroup {
  final PlacementGroupSpec spec;
  final int[] nodeOfBundle;
  PgState state = PgState.PENDING;

  /** Next retry delay for a failed PENDING attempt. */
  long backoff;

  /** Cluster version at the last failed attempt; a retry on the same version would fail again. */
  long failedAtVersion = -1;

  /** When the group entered the queue (creation or loss), for the queue-wait statistics. */
  long queuedSince;

  int attempts;

  SimPlacementGroup(PlacementGroupSpec spec, long now, long backoffMin) {
    this.spec = spec;
    this.nodeOfBundle = new int[spec.bundles().size()];
    Arrays.fill(nodeOfBundle, -1);
    this.backoff = backoffMin;
    this.queuedSince = now;
  }

  /** The group's id. */
  public PgId id() {
    return spec.id();
  }

  /** Its current state. */
  public PgState state() {
    return state;
  }

  /** Node id of bundle {@code i}, or −1 when not placed. */
  public int nodeOf(int i) {
    return nodeOfBundle[i];
  }

  /** Number of bundles. */
  public int size() {
    return nodeOfBundle.length;
  }

  /** The group's spec. */
  public PlacementGroupSpec spec() {
    return spec;
  }

  List<Bundle> unplaced() {
    List<Bundle> out = new ArrayList<>();
    for (Bundle b : spec.bundles()) {
      if (nodeOfBundle[b.index()] < 0) {
        out.add(b);
      }
    }
    return out;
  }

  TreeSet<Integer> occupiedNodes() {
    TreeSet<Integer> s = new TreeSet<>();
    for (int n : nodeOfBundle) {
      if (n >= 0) {
        s.add(n);
      }
    }
    return s;
  }
}
