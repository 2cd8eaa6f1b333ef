package dev.cohort.sim.gcs;

import dev.cohort.core.placement.ClusterState;
import dev.cohort.core.placement.HybridPolicy;
import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.resources.Resources;
import dev.cohort.sim.cluster.Cluster;
import dev.cohort.sim.cluster.SimNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Plain actor leases, as Ray's cluster task manager grants them: one FIFO queue with no priority (a
 * restart waits behind everything asked for earlier), each request granted on the best node where
 * it fits. Shares the GCS's ledger with the placement-group manager; {@link FakeGcs} decides when
 * the queue is worked.
 */
final class ActorLeases {
  /** A plain actor: requested (node −1) or placed. */
  private static final class Lease {
    final ReplicaId replica;
    final int lease;
    final Resources demand;
    final long seq;
    int node = -1;
    boolean withdrawn;

    Lease(ReplicaId replica, int lease, Resources demand, long seq) {
      this.replica = replica;
      this.lease = lease;
      this.demand = demand;
      this.seq = seq;
    }
  }

  private final ClusterState view;
  private final Cluster cluster;
  private final GcsObserver observer;
  private final ActorScheduling scheduling;

  /** The node the drivers run on, whose raylet gets the requests; null until one registers. */
  private String driverNode;

  private final UniformRandomProvider rng;

  /** Requests by demand, each in FIFO order; withdrawn requests are skipped lazily. */
  private final LinkedHashMap<Resources, ArrayDeque<Lease>> byDemand = new LinkedHashMap<>();

  private final Map<ReplicaId, Lease> queued = new HashMap<>();
  private final Map<ReplicaId, Lease> placed = new HashMap<>();
  private final NodeIndex<Lease> onNode = new NodeIndex<>();
  private long seq;

  ActorLeases(
      ClusterState view,
      Cluster cluster,
      GcsObserver observer,
      ActorScheduling scheduling,
      String driverNode,
      UniformRandomProvider rng) {
    this.view = view;
    this.cluster = cluster;
    this.observer = observer;
    this.scheduling = scheduling;
    this.driverNode = driverNode;
    this.rng = rng;
  }

  /** A node registered; with no driver node named, the first one is where drivers run. */
  void nodeAdded(SimNode n) {
    if (driverNode == null) {
      driverNode = n.name();
    }
  }

  /** The driver's node id while it is up, or −1. */
  private int driverId() {
    if (driverNode == null) {
      return -1;
    }
    SimNode n = cluster.current(driverNode).orElse(null);
    return n == null || n.crashed() || !view.isAlive(n.id()) ? -1 : n.id();
  }

  private int choose(Resources demand) {
    IntPredicate down =
        id -> {
          SimNode n = cluster.node(id);
          return n == null || n.crashed();
        };
    if (scheduling.policy() == ActorPolicy.LEAST_RESOURCE) {
      return view.bestNode(demand, down);
    }
    return HybridPolicy.choose(
        view, demand, driverId(), scheduling.hybrid(), down, bound -> rng.nextInt(bound));
  }

  /** True when {@code replica} holds a placed actor (of any lease, or of {@code lease} if ≥ 0). */
  boolean isPlaced(ReplicaId replica, int lease) {
    Lease a = placed.get(replica);
    return a != null && (lease < 0 || a.lease == lease);
  }

  /** Kills the placed actor of {@code replica}: its resources go back to the ledger at once. */
  void evict(ReplicaId replica, long now) {
    Lease a = placed.remove(replica);
    onNode.remove(a.node, a);
    if (view.isAlive(a.node)) {
      view.release(a.node, a.demand);
    }
    observer.freed(now, a.node, a.replica.job(), a.demand);
  }

  /** Withdraws the queued request of {@code replica} (of any lease, or of {@code lease} if ≥ 0). */
  void withdraw(ReplicaId replica, int lease) {
    Lease q = queued.get(replica);
    if (q != null && (lease < 0 || q.lease == lease)) {
      queued.remove(replica);
      q.withdrawn = true;
    }
  }

  /** Queues a request at the back. */
  void enqueue(ReplicaId replica, int lease, Resources demand) {
    Lease a = new Lease(replica, lease, demand, seq++);
    queued.put(replica, a);
    byDemand.computeIfAbsent(demand, d -> new ArrayDeque<>()).addLast(a);
  }

  /** A node was declared dead: its actors die, in replica order. */
  void nodeDead(SimNode n, long now) {
    List<Lease> dead = onNode.removeAll(n.id());
    if (dead == null) {
      return;
    }
    dead.sort((a, b) -> a.replica.compareTo(b.replica));
    for (Lease a : dead) {
      placed.remove(a.replica);
      observer.freed(now, n.id(), a.replica.job(), a.demand);
      observer.emit(
          new ClusterEvent.ActorLost(now, a.replica, a.lease, "node " + n.ref() + " died"));
    }
  }

  /**
   * Grants queued leases in FIFO order wherever they fit (worst-fit, up nodes only). Within one
   * pass the free resources only shrink, so once a demand finds no node every later request for it
   * fails too: each demand is tried until it fails, never scanned past.
   */
  void schedule(long now) {
    if (queued.isEmpty()) {
      return;
    }
    List<ArrayDeque<Lease>> open = new ArrayList<>(byDemand.values());
    while (true) {
      ArrayDeque<Lease> next = null;
      for (ArrayDeque<Lease> q : open) {
        while (!q.isEmpty() && q.peekFirst().withdrawn) {
          q.pollFirst();
        }
        if (!q.isEmpty() && (next == null || q.peekFirst().seq < next.peekFirst().seq)) {
          next = q;
        }
      }
      if (next == null) {
        break;
      }
      Lease a = next.peekFirst();
      int node = choose(a.demand);
      if (node < 0) {
        open.remove(next); // every later request for this demand fails in this pass too
        continue;
      }
      next.pollFirst();
      queued.remove(a.replica);
      view.acquire(node, a.demand);
      a.node = node;
      placed.put(a.replica, a);
      onNode.add(node, a);
      observer.reserved(now, node, a.replica.job(), a.demand);
      observer.emit(
          new ClusterEvent.ActorPlaced(now, a.replica, a.lease, cluster.node(node).ref()));
    }
    byDemand.values().removeIf(ArrayDeque::isEmpty);
  }

  /** Node id of a placed actor, or −1. */
  int node(ReplicaId replica) {
    Lease a = placed.get(replica);
    return a == null ? -1 : a.node;
  }

  /** Placed actors: replica → node id, by replica. */
  Map<ReplicaId, Integer> placed() {
    TreeMap<ReplicaId, Integer> m = new TreeMap<>();
    placed.forEach((r, a) -> m.put(r, a.node));
    return m;
  }

  /** Demand of a placed actor. */
  Optional<Resources> placedDemand(ReplicaId r) {
    Lease a = placed.get(r);
    return a == null ? Optional.empty() : Optional.of(a.demand);
  }

  /** Demand of a queued request. */
  Optional<Resources> queuedDemand(ReplicaId r) {
    Lease a = queued.get(r);
    return a == null ? Optional.empty() : Optional.of(a.demand);
  }

  /** Queued requests in FIFO order: replica → demand. */
  Map<ReplicaId, Resources> queued() {
    List<Lease> all = new ArrayList<>(queued.values());
    all.sort((a, b) -> Long.compare(a.seq, b.seq));
    LinkedHashMap<ReplicaId, Resources> m = new LinkedHashMap<>();
    for (Lease a : all) {
      m.put(a.replica, a.demand);
    }
    return m;
  }
}
