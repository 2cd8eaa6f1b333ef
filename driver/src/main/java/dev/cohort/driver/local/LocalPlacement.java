package dev.cohort.driver.local;

import dev.cohort.core.placement.Bundle;
import dev.cohort.core.placement.BundlePlacer;
import dev.cohort.core.placement.ClusterState;
import dev.cohort.core.placement.PlacementGroupSpec;
import dev.cohort.core.placement.PlacementResult;
import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.Command;
import dev.cohort.core.port.NodeRef;
import dev.cohort.core.port.PgId;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.port.Slot;
import dev.cohort.core.resources.Resources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the local backend's groups and leases are: virtual nodes on this host, placed at once with
 * core's strategy functions, in the order they were asked for. No GCS queue, no retries: what does
 * not fit waits until something is freed.
 */
final class LocalPlacement {
  static final String HOST = "127.0.0.1";

  private final ClusterState cluster = new ClusterState();
  private final List<NodeRef> nodes = new ArrayList<>();
  private final LinkedHashMap<PgId, PlacementGroupSpec> pendingGroups = new LinkedHashMap<>();
  private final TreeMap<PgId, int[]> placedGroups = new TreeMap<>();
  private final TreeMap<PgId, PlacementGroupSpec> specs = new TreeMap<>();
  private final LinkedHashMap<ReplicaId, Command.RequestActor> pendingActors =
      new LinkedHashMap<>();

  /** Placed leases: replica → {node, lease}. */
  private final TreeMap<ReplicaId, int[]> actors = new TreeMap<>();

  private final TreeMap<ReplicaId, Resources> actorDemand = new TreeMap<>();

  LocalPlacement(int count, Resources perNode) {
    for (int i = 0; i < count; i++) {
      cluster.addNode(i, "local-" + i, perNode);
      nodes.add(new NodeRef("local-" + i, HOST, 0));
    }
  }

  void create(PlacementGroupSpec g) {
    pendingGroups.put(g.id(), g);
    specs.put(g.id(), g);
  }

  void remove(PgId id) {
    pendingGroups.remove(id);
    PlacementGroupSpec g = specs.remove(id);
    int[] nodeOf = placedGroups.remove(id);
    if (nodeOf != null) {
      for (int b = 0; b < nodeOf.length; b++) {
        cluster.release(nodeOf[b], g.bundles().get(b).resources());
      }
    }
  }

  void request(Command.RequestActor a) {
    pendingActors.put(a.replica(), a);
  }

  void release(ReplicaId r, int lease) {
    Command.RequestActor pending = pendingActors.get(r);
    if (pending != null && pending.lease() == lease) {
      pendingActors.remove(r);
    }
    int[] a = actors.get(r);
    if (a != null && a[1] == lease) {
      actors.remove(r);
      cluster.release(a[0], actorDemand.remove(r));
    }
  }

  /** Places what waits and fits, in order; returns the events to report. */
  List<ClusterEvent> placePending(long now) {
    List<ClusterEvent> out = new ArrayList<>();
    for (var it = pendingGroups.entrySet().iterator(); it.hasNext(); ) {
      PlacementGroupSpec g = it.next().getValue();
      PlacementResult r = BundlePlacer.place(cluster, g.bundles(), g.strategy());
      if (r instanceof PlacementResult.Placed p) {
        it.remove();
        TreeMap<Integer, NodeRef> refs = new TreeMap<>();
        Map<Integer, Integer> plan = p.nodeOfBundle();
        plan.forEach((b, n) -> refs.put(b, nodes.get(n)));
        hold(g, plan);
        out.add(new ClusterEvent.PlacementGroupPlaced(now, g.id(), refs));
      }
    }
    for (var it = pendingActors.entrySet().iterator(); it.hasNext(); ) {
      Command.RequestActor a = it.next().getValue();
      int n = cluster.bestNode(a.demand(), id -> false);
      if (n >= 0) {
        it.remove();
        holdActor(a.replica(), a.lease(), a.demand(), n);
        out.add(new ClusterEvent.ActorPlaced(now, a.replica(), a.lease(), nodes.get(n)));
      }
    }
    return out;
  }

  private void hold(PlacementGroupSpec g, Map<Integer, Integer> plan) {
    int[] nodeOf = new int[g.bundles().size()];
    for (Bundle b : g.bundles()) {
      int n = plan.get(b.index());
      cluster.acquire(n, b.resources());
      nodeOf[b.index()] = n;
    }
    placedGroups.put(g.id(), nodeOf);
  }

  private void holdActor(ReplicaId r, int lease, Resources demand, int node) {
    cluster.acquire(node, demand);
    actors.put(r, new int[] {node, lease});
    actorDemand.put(r, demand);
  }

  /**
   * A journal says this placement happened (a resume rebuilds the placement from what the
   * controller was told, not by deciding again).
   */
  void restore(ClusterEvent e) {
    if (e instanceof ClusterEvent.PlacementGroupPlaced p) {
      PlacementGroupSpec g = pendingGroups.remove(p.pg());
      if (g != null) {
        TreeMap<Integer, Integer> plan = new TreeMap<>();
        p.bundles().forEach((b, n) -> plan.put(b, index(n)));
        hold(g, plan);
      }
    } else if (e instanceof ClusterEvent.ActorPlaced a) {
      Command.RequestActor req = pendingActors.get(a.replica());
      if (req != null && req.lease() == a.lease()) {
        pendingActors.remove(a.replica());
        holdActor(a.replica(), a.lease(), req.demand(), index(a.node()));
      }
    }
  }

  private int index(NodeRef n) {
    return Integer.parseInt(n.name().substring("local-".length()));
  }

  /** Node of a slot, or −1 when it is not placed. */
  int nodeOf(Slot slot, ReplicaId replica) {
    if (slot instanceof Slot.InBundle ib) {
      int[] nodeOf = placedGroups.get(ib.pg());
      return nodeOf == null ? -1 : nodeOf[ib.bundle()];
    }
    int[] a = actors.get(replica);
    return a == null ? -1 : a[0];
  }

  NodeRef node(int i) {
    return nodes.get(i);
  }
}
