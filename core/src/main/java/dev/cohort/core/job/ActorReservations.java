package dev.cohort.core.job;

import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.Command;
import dev.cohort.core.port.NodeRef;
import dev.cohort.core.port.Slot;
import dev.cohort.core.spec.JobSpec;
import java.util.List;

/**
 * Slots as plain actor leases, one per replica, requested at submission with bare resource demands
 * and no reservation: nothing keeps a lost replica's capacity for it, which is how jobs starve.
 * Leases are numbered per replica so that news of an old lease is told apart from the current one.
 */
final class ActorReservations implements Reservations {
  private final JobSpec spec;
  private final String job;
  private final Replicas replicas;

  /** Node of each replica's actor (null = not placed); made at the first placement. */
  private NodeRef[] nodes;

  /** Current lease number per replica. */
  private final int[] leases;

  /** Whether the current lease is requested or held (not yet released). */
  private final boolean[] open;

  private Slot[] slots;

  ActorReservations(JobSpec spec, Replicas replicas) {
    this.spec = spec;
    this.job = spec.name();
    this.replicas = replicas;
    int max = spec.replicas().max();
    this.leases = new int[max];
    this.open = new boolean[max];
  }

  @Override
  public void reserve(List<Command> out) {
    for (int i = 0; i < leases.length; i++) {
      request(i, out);
    }
  }

  @Override
  public boolean readyForFirstLaunch() {
    return true; // the controller still waits for min placed actors
  }

  @Override
  public Slot slotOf(int i) {
    if (slots == null) {
      Slot[] s = new Slot[leases.length];
      for (int r = 0; r < s.length; r++) {
        s[r] = new Slot.Actor(replicas.id(r), spec.resourcesOf(r));
      }
      slots = s;
    }
    return slots[i];
  }

  @Override
  public NodeRef nodeOf(int i) {
    return nodes == null ? null : nodes[i];
  }

  private void setNode(int i, NodeRef node) {
    if (nodes == null) {
      if (node == null) {
        return;
      }
      nodes = new NodeRef[leases.length];
    }
    nodes[i] = node;
    replicas.slotChanged(i);
  }

  private void request(int i, List<Command> out) {
    open[i] = true;
    out.add(new Command.RequestActor(replicas.id(i), leases[i], spec.resourcesOf(i)));
  }

  private void release(int i, List<Command> out) {
    if (open[i]) {
      open[i] = false;
      setNode(i, null);
      out.add(new Command.ReleaseActor(replicas.id(i), leases[i]));
    }
  }

  @Override
  public void releaseUnneeded(List<Command> out) {
    for (int i = 0; i < leases.length; i++) {
      if (replicas.state(i) == ReplicaState.CANCELLED) {
        release(i, out);
      }
    }
  }

  @Override
  public void releaseAll(List<Command> out) {
    for (int i = 0; i < leases.length; i++) {
      release(i, out);
    }
  }

  @Override
  public void onActorPlaced(ClusterEvent.ActorPlaced e, List<Command> out) {
    int i = e.replica().index();
    if (e.lease() != leases[i]) {
      return;
    }
    if (replicas.state(i).terminal()) {
      release(i, out);
      return;
    }
    setNode(i, e.node());
  }

  @Override
  public void onActorLost(ClusterEvent.ActorLost e, List<Command> out) {
    int i = e.replica().index();
    if (e.lease() != leases[i]) {
      return;
    }
    open[i] = false;
    setNode(i, null);
    replicas.slotLost(e.at(), i, "lost with its actor: " + e.cause(), out);
    if (!replicas.ended() && !replicas.state(i).terminal()) {
      leases[i]++;
      request(i, out);
    }
  }

  private IllegalArgumentException groupEvent(ClusterEvent e) {
    return new IllegalArgumentException(
        "placement-group event for actors-mode job " + job + ": " + e);
  }

  @Override
  public void onPlaced(ClusterEvent.PlacementGroupPlaced e, List<Command> out) {
    throw groupEvent(e);
  }

  @Override
  public void onRescheduling(ClusterEvent.PlacementGroupRescheduling e, List<Command> out) {
    throw groupEvent(e);
  }

  @Override
  public void onRefused(ClusterEvent.PlacementGroupRefused e, List<Command> out) {
    throw groupEvent(e);
  }
}
