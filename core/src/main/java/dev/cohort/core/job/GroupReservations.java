package dev.cohort.core.job;

import dev.cohort.core.placement.PlacementGroupSpec;
import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.Command;
import dev.cohort.core.port.NodeRef;
import dev.cohort.core.port.PgId;
import dev.cohort.core.port.Slot;
import dev.cohort.core.spec.JobSpec;
import java.util.List;

/**
 * Slots as placement groups, as TorchX's Ray driver reserved them: group 0 holds the {@code min}
 * gang (bundle i is replica i); each extra replica {@code min + k - 1} has its own single-bundle
 * group k, requested together once the gang is first placed (an extra reserved while the gang waits
 * could hold the node the gang needs: a deadlock with itself).
 */
final class GroupReservations implements Reservations {
  private final JobSpec spec;
  private final String job;
  private final Replicas replicas;
  private final int min;

  /** The gang, then one group per extra replica. */
  private final int groups;

  /** Node of each replica's bundle (null = not placed); made at the first placement. */
  private NodeRef[] nodes;

  /** Bundles of the gang placed now. */
  private int gangPlaced;

  /** Groups removed, by index; made at the first removal. */
  private boolean[] removed;

  private boolean extrasRequested;
  private Slot[] slots;

  GroupReservations(JobSpec spec, Replicas replicas) {
    this.spec = spec;
    this.job = spec.name();
    this.replicas = replicas;
    this.min = spec.replicas().min();
    this.groups = 1 + spec.replicas().max() - min;
  }

  private int replicaOf(int group, int bundle) {
    return group == 0 ? bundle : min + group - 1;
  }

  /** The gang's group: one bundle per replica 0..min−1, each of its replica's shape. */
  private PlacementGroupSpec gang() {
    if (spec.uniform()) {
      return PlacementGroupSpec.uniform(new PgId(job, 0), min, spec.resources(), spec.strategy());
    }
    List<dev.cohort.core.placement.Bundle> bundles = new java.util.ArrayList<>(min);
    for (int i = 0; i < min; i++) {
      bundles.add(new dev.cohort.core.placement.Bundle(i, spec.resourcesOf(i)));
    }
    return new PlacementGroupSpec(new PgId(job, 0), bundles, spec.strategy());
  }

  private boolean removed(int k) {
    return removed != null && removed[k];
  }

  @Override
  public void reserve(List<Command> out) {
    out.add(new Command.CreatePlacementGroup(gang()));
  }

  @Override
  public boolean readyForFirstLaunch() {
    return gangPlaced == min;
  }

  @Override
  public Slot slotOf(int i) {
    if (slots == null) {
      Slot[] s = new Slot[spec.replicas().max()];
      PgId gang = new PgId(job, 0);
      for (int r = 0; r < s.length; r++) {
        s[r] =
            r < min ? new Slot.InBundle(gang, r) : new Slot.InBundle(new PgId(job, r - min + 1), 0);
      }
      slots = s;
    }
    return slots[i];
  }

  @Override
  public NodeRef nodeOf(int i) {
    return nodes == null ? null : nodes[i];
  }

  private void place(int group, int bundle, NodeRef node) {
    int i = replicaOf(group, bundle);
    NodeRef before = nodeOf(i);
    if (nodes == null) {
      if (node == null) {
        return;
      }
      nodes = new NodeRef[spec.replicas().max()];
    }
    nodes[i] = node;
    if (group == 0 && (before == null) != (node == null)) {
      gangPlaced += node == null ? -1 : 1;
    }
    replicas.slotChanged(i);
  }

  private void remove(int k, List<Command> out) {
    if (removed == null) {
      removed = new boolean[groups];
    }
    removed[k] = true;
    int size = k == 0 ? min : 1;
    for (int b = 0; b < size; b++) {
      place(k, b, null);
    }
    if (k == 0 || extrasRequested) {
      out.add(new Command.RemovePlacementGroup(new PgId(job, k)));
    }
  }

  @Override
  public void releaseUnneeded(List<Command> out) {
    // Extra single-bundle groups whose replica will never run are freed at once.
    for (int k = 1; k < groups; k++) {
      if (replicas.state(replicaOf(k, 0)).terminal() && !removed(k)) {
        remove(k, out);
      }
    }
  }

  @Override
  public void releaseAll(List<Command> out) {
    for (int k = 0; k < groups; k++) {
      if (!removed(k)) {
        remove(k, out);
      }
    }
  }

  private int groupOf(PgId pg, ClusterEvent e) {
    int k = pg.index();
    if (k < 0 || k >= groups) {
      throw new IllegalArgumentException("unknown placement group " + pg + " in " + e);
    }
    return k;
  }

  @Override
  public void onPlaced(ClusterEvent.PlacementGroupPlaced e, List<Command> out) {
    int k = groupOf(e.pg(), e);
    if (removed(k)) {
      return;
    }
    e.bundles().forEach((b, node) -> place(k, b, node));
    if (k == 0 && !extrasRequested && readyForFirstLaunch()) {
      extrasRequested = true;
      for (int x = 1; x < groups; x++) {
        out.add(
            new Command.CreatePlacementGroup(
                PlacementGroupSpec.uniform(
                    new PgId(job, x), 1, spec.resourcesOf(replicaOf(x, 0)), spec.strategy())));
      }
    }
  }

  /**
   * Lost bundles take their replicas with them (Ray kills what runs in a lost bundle), so a replica
   * still RUNNING there fails now; a {@code ReplicaLost} for it arriving later is stale.
   */
  @Override
  public void onRescheduling(ClusterEvent.PlacementGroupRescheduling e, List<Command> out) {
    int k = groupOf(e.pg(), e);
    for (int b : e.lostBundles()) {
      place(k, b, null);
    }
    for (int b : e.lostBundles()) {
      replicas.slotLost(
          e.at(), replicaOf(k, b), "lost with its bundle " + e.pg() + "[" + b + "]", out);
    }
  }

  @Override
  public void onRefused(ClusterEvent.PlacementGroupRefused e, List<Command> out) {
    int k = groupOf(e.pg(), e);
    if (!removed(k)) {
      replicas.refused(e.at(), "placement group " + e.pg() + " refused: " + e.reason(), out);
    }
  }

  @Override
  public void onActorPlaced(ClusterEvent.ActorPlaced e, List<Command> out) {
    throw new IllegalArgumentException("actor event for placement-group job " + job + ": " + e);
  }

  @Override
  public void onActorLost(ClusterEvent.ActorLost e, List<Command> out) {
    throw new IllegalArgumentException("actor event for placement-group job " + job + ": " + e);
  }
}
