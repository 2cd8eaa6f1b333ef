package dev.cohort.sim.gcs;

import dev.cohort.core.placement.Bundle;
import dev.cohort.core.placement.BundlePlacer;
import dev.cohort.core.placement.ClusterState;
import dev.cohort.core.placement.PlacementGroupSpec;
import dev.cohort.core.placement.PlacementResult;
import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.NodeRef;
import dev.cohort.core.port.PgId;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.resources.Resources;
import dev.cohort.sim.cluster.Cluster;
import dev.cohort.sim.cluster.SimNode;
import dev.cohort.sim.engine.Engine;
import dev.cohort.sim.engine.EventPriority;
import dev.cohort.sim.engine.SimEvent;
import dev.cohort.sim.engine.Trace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A fake of Ray's GCS as far as gang jobs can tell: the placement-group manager (a rank-ordered
 * pending queue, exactly one group in two-phase commit at a time, a 1 s tick, per-group retry
 * backoff, an infeasible queue retried on node add, rank-0 recovery of lost bundles) and plain
 * actor leases (a FIFO queue with no priority). Every simplification is listed in
 * docs/gcs-model.md.
 */
public final class FakeGcs implements GcsView {

  /** Position in the pending queue: rank first, then arrival order. */
  private record QueueKey(long rank, long seq) implements Comparable<QueueKey> {
    @Override
    public int compareTo(QueueKey o) {
      int c = Long.compare(rank, o.rank);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  /** A group's bundle committed on a node. */
  private record BundleRef(PgId pg, int bundle) implements Comparable<BundleRef> {
    @Override
    public int compareTo(BundleRef o) {
      int c = pg.compareTo(o.pg);
      return c != 0 ? c : Integer.compare(bundle, o.bundle);
    }
  }

  /** A plain actor: requested (node −1) or placed. */
  private static final class ActorLease {
    final ReplicaId replica;
    final int lease;
    final Resources demand;
    final long seq;
    int node = -1;
    boolean withdrawn;

    ActorLease(ReplicaId replica, int lease, Resources demand, long seq) {
      this.replica = replica;
      this.lease = lease;
      this.demand = demand;
      this.seq = seq;
    }
  }

  private final Engine engine;
  private final GcsConfig config;
  private final Cluster cluster;
  private final GcsObserver observer;
  private final BundlePlacer.Options placerOptions;

  private final ClusterState view = new ClusterState();
  private final Map<PgId, SimPlacementGroup> registered = new HashMap<>();
  private final TreeMap<QueueKey, SimPlacementGroup> pending = new TreeMap<>();
  private final Map<PgId, QueueKey> queuePosition = new HashMap<>();
  private final ArrayDeque<SimPlacementGroup> infeasible = new ArrayDeque<>();

  /** Pending groups whose last attempt failed on the current cluster version. */
  private int pendingKnownToFail;

  /** Node id → committed bundles on it. */
  private final Map<Integer, List<BundleRef>> bundlesOnNode = new HashMap<>();

  /** Actor requests by demand, each in FIFO order; withdrawn requests are skipped lazily. */
  private final LinkedHashMap<Resources, ArrayDeque<ActorLease>> actorQueue = new LinkedHashMap<>();

  private final Map<ReplicaId, ActorLease> queuedActors = new HashMap<>();
  private final Map<ReplicaId, ActorLease> actors = new HashMap<>();
  private final Map<Integer, List<ActorLease>> actorsOnNode = new HashMap<>();
  private long actorSeq;

  private SimPlacementGroup inFlight;
  private Commit inFlightCommit;
  private long queueSeq;
  private long version;
  private boolean tickScheduled;
  private long placementAttempts;

  public FakeGcs(Engine engine, GcsConfig config, Cluster cluster, GcsObserver observer) {
    this.engine = engine;
    this.config = config;
    this.cluster = cluster;
    this.observer = observer;
    this.placerOptions = new BundlePlacer.Options(config.detectInfeasible());
  }

  // ================================================================= nodes

  /** A node registered: the PG manager runs first, then pending actors (Ray's listener order). */
  public void nodeAdded(SimNode n) {
    view.addNode(n.id(), n.name(), n.total(), n.serial());
    bumpVersion();
    while (!infeasible.isEmpty()) {
      enqueue(infeasible.poll(), engine.now());
    }
    schedulePending();
    schedulePendingActors();
  }

  /**
   * Health checks declared a node dead: its bundles go back to the queue (only those bundles), its
   * actors die. Events go out in Ray's order: placement groups first, then actors.
   */
  public void nodeDead(SimNode n) {
    if (!view.isAlive(n.id())) {
      return;
    }
    long now = engine.now();
    view.removeNode(n.id());
    bumpVersion();
    List<BundleRef> lost = bundlesOnNode.remove(n.id());
    TreeMap<PgId, List<Integer>> byPg = new TreeMap<>();
    if (lost != null) {
      Collections.sort(lost);
      for (BundleRef b : lost) {
        SimPlacementGroup pg = registered.get(b.pg());
        pg.place(b.bundle(), -1);
        byPg.computeIfAbsent(b.pg(), k -> new ArrayList<>()).add(b.bundle());
        observer.freed(now, n.id(), b.pg().job(), pg.spec.bundles().get(b.bundle()).resources());
      }
    }
    for (Map.Entry<PgId, List<Integer>> e : byPg.entrySet()) {
      SimPlacementGroup pg = registered.get(e.getKey());
      if (pg.state != PgState.RESCHEDULING) {
        pg.state = PgState.RESCHEDULING;
        pg.backoff = config.backoffMin();
        pg.queuedSince = now;
        if (pg != inFlight && !queuePosition.containsKey(pg.id())) {
          enqueue(pg, config.pgPriority() == PgPriority.RESCHEDULE_FIRST ? 0 : now);
        }
      }
      observer.emit(new ClusterEvent.PlacementGroupRescheduling(now, e.getKey(), e.getValue()));
    }
    schedulePending();
    List<ActorLease> dead = actorsOnNode.remove(n.id());
    if (dead != null) {
      dead.sort((a, b) -> a.replica.compareTo(b.replica));
      for (ActorLease a : dead) {
        actors.remove(a.replica);
        observer.freed(now, n.id(), a.replica.job(), a.demand);
        observer.emit(
            new ClusterEvent.ActorLost(now, a.replica, a.lease, "node " + n.ref() + " died"));
      }
    }
  }

  // ================================================================= placement groups

  /** Registers a group and tries to schedule at once (the registration callback does). */
  public void createPlacementGroup(PlacementGroupSpec spec) {
    if (registered.containsKey(spec.id())) {
      throw new IllegalStateException("placement group " + spec.id() + " already exists");
    }
    SimPlacementGroup pg = new SimPlacementGroup(spec, engine.now(), config.backoffMin());
    registered.put(spec.id(), pg);
    enqueue(pg, engine.now());
    schedulePending();
  }

  /** Removes a group (idempotent): frees its bundles at once and drops it from every queue. */
  public void removePlacementGroup(PgId id) {
    SimPlacementGroup pg = registered.remove(id);
    if (pg == null) {
      return;
    }
    long now = engine.now();
    boolean freed = false;
    for (int i = 0; i < pg.nodeOfBundle.length; i++) {
      int node = pg.nodeOfBundle[i];
      if (node >= 0) {
        Resources r = pg.spec.bundles().get(i).resources();
        if (view.isAlive(node)) {
          view.release(node, r);
          freed = true;
        }
        List<BundleRef> on = bundlesOnNode.get(node);
        if (on != null) {
          on.remove(new BundleRef(id, i));
        }
        observer.freed(now, node, id.job(), r);
        pg.place(i, -1);
      }
    }
    dequeue(pg);
    infeasible.remove(pg);
    pg.state = PgState.REMOVED;
    if (pg == inFlight) {
      // Cancel the commit: give back what it acquired; CommitDone will drop the group.
      inFlightCommit.release();
      freed = true;
    }
    if (freed) {
      clusterChanged();
    }
  }

  private void enqueue(SimPlacementGroup pg, long rank) {
    QueueKey k = new QueueKey(rank, queueSeq++);
    pending.put(k, pg);
    queuePosition.put(pg.id(), k);
    if (pg.failedAtVersion == version) {
      pendingKnownToFail++;
    }
  }

  private void dequeue(SimPlacementGroup pg) {
    QueueKey k = queuePosition.remove(pg.id());
    if (k != null) {
      pending.remove(k);
      if (pg.failedAtVersion == version) {
        pendingKnownToFail--;
      }
    }
  }

  /** The cluster view changed in a way that can make a failed attempt succeed. */
  private void bumpVersion() {
    version++;
    pendingKnownToFail = 0;
  }

  /**
   * One scheduling pass: due groups are tried in rank order, one at a time; a placement starts a
   * two-phase commit that blocks the manager until it completes. A group whose last attempt failed
   * on this very cluster version would fail again, so its retry is elided (it is re-ranked as Ray
   * would re-rank it after the failure).
   */
  private void schedulePending() {
    long now = engine.now();
    while (inFlight == null && !pending.isEmpty()) {
      Map.Entry<QueueKey, SimPlacementGroup> head = pending.firstEntry();
      SimPlacementGroup pg = head.getValue();
      if (head.getKey().rank() > now) {
        requestTick();
        return;
      }
      boolean knownToFail = pg.failedAtVersion == version;
      if (knownToFail && pg.state == PgState.RESCHEDULING && config.rescheduleSpin()) {
        return; // Ray 2.9: the group spins at rank 0 and starves the queue until the cluster
        // changes
      }
      dequeue(pg);
      if (knownToFail) {
        requeueAfterFailure(pg, now);
        continue;
      }
      pg.attempts++;
      placementAttempts++;
      PlacementResult result =
          BundlePlacer.place(
              view, pg.unplaced(), pg.spec.strategy(), pg.occupiedNodes(), placerOptions);
      if (result instanceof PlacementResult.Placed placed) {
        startCommit(pg, placed);
        return;
      } else if (result instanceof PlacementResult.Infeasible) {
        infeasible.add(pg);
      } else {
        pg.failedAtVersion = version;
        requeueAfterFailure(pg, now);
      }
    }
  }

  /** A failed attempt: back off, except that Ray 2.9 retries a recovering group at rank 0. */
  private void requeueAfterFailure(SimPlacementGroup pg, long now) {
    boolean spin = pg.state == PgState.RESCHEDULING && config.rescheduleSpin();
    enqueue(pg, spin ? 0 : now + nextBackoff(pg));
  }

  private long nextBackoff(SimPlacementGroup pg) {
    long d = pg.backoff;
    pg.backoff = Math.min(config.backoffMax(), (long) (pg.backoff * config.backoffMultiplier()));
    return d;
  }

  private void startCommit(SimPlacementGroup pg, PlacementResult.Placed placed) {
    inFlight = pg;
    long now = engine.now();
    Commit c = new Commit(pg, new TreeMap<>(placed.nodeOfBundle()));
    inFlightCommit = c;
    for (Map.Entry<Integer, Integer> e : c.plan.entrySet()) {
      view.acquire(e.getValue(), pg.spec.bundles().get(e.getKey()).resources());
    }
    engine.schedule(now + config.commitLatency(), EventPriority.GCS, c);
  }

  /**
   * The two-phase commit of one group: it finishes after {@code commitLatency}, or fails when a
   * target node crashed meanwhile. It remembers the node incarnations it targets, so a node id
   * reused by a newer incarnation is never mistaken for one of them.
   */
  private final class Commit extends SimEvent {
    final SimPlacementGroup pg;
    final TreeMap<Integer, Integer> plan;
    final TreeMap<Integer, SimNode> targets = new TreeMap<>();
    boolean released;

    Commit(SimPlacementGroup pg, TreeMap<Integer, Integer> plan) {
      this.pg = pg;
      this.plan = plan;
      plan.forEach((b, node) -> targets.put(b, cluster.node(node)));
    }

    /** Whether bundle {@code b}'s target is still the node the GCS knows under its id. */
    private boolean targetKnown(int b) {
      int node = plan.get(b);
      return view.isAlive(node) && cluster.node(node) == targets.get(b);
    }

    /** Gives back what the commit acquired (on targets the GCS still knows); true if any. */
    boolean release() {
      boolean any = false;
      if (!released) {
        released = true;
        for (Map.Entry<Integer, Integer> e : plan.entrySet()) {
          if (targetKnown(e.getKey())) {
            view.release(e.getValue(), pg.spec.bundles().get(e.getKey()).resources());
            any = true;
          }
        }
      }
      return any;
    }

    @Override
    public void fire() {
      inFlight = null;
      inFlightCommit = null;
      long now = engine.now();
      if (pg.state == PgState.REMOVED) {
        schedulePending();
        return;
      }
      boolean nodeDown = false;
      for (SimNode target : targets.values()) {
        if (target.crashed()) {
          nodeDown = true;
          break;
        }
      }
      if (nodeDown) {
        // A prepare or commit RPC failed: undo everything, retry later (rank 0 if recovering).
        release();
        pg.failedAtVersion = version;
        requeueAfterFailure(pg, now);
        schedulePending();
        return;
      }
      TreeMap<Integer, NodeRef> placedRefs = new TreeMap<>();
      for (Map.Entry<Integer, Integer> e : plan.entrySet()) {
        int b = e.getKey();
        int node = e.getValue();
        pg.place(b, node);
        bundlesOnNode.computeIfAbsent(node, k -> new ArrayList<>()).add(new BundleRef(pg.id(), b));
        placedRefs.put(b, targets.get(b).ref());
        observer.reserved(now, node, pg.id().job(), pg.spec.bundles().get(b).resources());
      }
      observer.queueWait(now, pg.id().job(), now - pg.queuedSince);
      observer.emit(new ClusterEvent.PlacementGroupPlaced(now, pg.id(), placedRefs));
      if (pg.complete()) {
        pg.state = PgState.CREATED;
        pg.backoff = config.backoffMin();
      } else {
        // Bundles of this group were lost while it was in flight: back at rank 0 for the rest.
        pg.state = PgState.RESCHEDULING;
        pg.queuedSince = now;
        enqueue(pg, config.pgPriority() == PgPriority.RESCHEDULE_FIRST ? 0 : now);
      }
      schedulePending();
    }

    @Override
    public void trace(Trace t) {
      t.kind("pg-commit")
          .field("job", pg.id().job())
          .field("pg", pg.id().index())
          .field("bundles", plan.size());
    }
  }

  private void requestTick() {
    if (tickScheduled || pending.size() == pendingKnownToFail) {
      return; // a tick now could only repeat failures
    }
    tickScheduled = true;
    long next = (engine.now() / config.tick() + 1) * config.tick();
    engine.schedule(next, EventPriority.GCS, new Tick());
  }

  /** The GCS's periodic tick: retries due pending groups. */
  private final class Tick extends SimEvent {
    @Override
    public void fire() {
      tickScheduled = false;
      schedulePending();
    }

    @Override
    public void trace(Trace t) {
      t.kind("gcs-tick").field("pending", pending.size());
    }
  }

  /** Resources were freed: pending groups notice at the next tick, actors at once. */
  private void clusterChanged() {
    bumpVersion();
    if (!pending.isEmpty()) {
      requestTick();
    }
    schedulePendingActors();
  }

  // ================================================================= plain actors

  /** Queues a lease request at the back (no priority, even for restarts). */
  public void requestActor(ReplicaId replica, int lease, Resources demand) {
    ActorLease old = actors.remove(replica);
    if (old != null) {
      forgetPlaced(old);
      releaseLease(old);
    }
    withdraw(replica);
    ActorLease a = new ActorLease(replica, lease, demand, actorSeq++);
    queuedActors.put(replica, a);
    actorQueue.computeIfAbsent(demand, d -> new ArrayDeque<>()).addLast(a);
    schedulePendingActors();
  }

  /** Kills an actor or withdraws its request; unknown leases are ignored. */
  public void releaseActor(ReplicaId replica, int lease) {
    ActorLease queued = queuedActors.get(replica);
    if (queued != null && queued.lease == lease) {
      withdraw(replica);
    }
    ActorLease a = actors.get(replica);
    if (a != null && a.lease == lease) {
      actors.remove(replica);
      forgetPlaced(a);
      releaseLease(a);
      clusterChanged();
    }
  }

  private void withdraw(ReplicaId replica) {
    ActorLease q = queuedActors.remove(replica);
    if (q != null) {
      q.withdrawn = true;
    }
  }

  private void forgetPlaced(ActorLease a) {
    List<ActorLease> on = actorsOnNode.get(a.node);
    if (on != null) {
      on.remove(a);
      if (on.isEmpty()) {
        actorsOnNode.remove(a.node);
      }
    }
  }

  private void releaseLease(ActorLease a) {
    if (view.isAlive(a.node)) {
      view.release(a.node, a.demand);
    }
    observer.freed(engine.now(), a.node, a.replica.job(), a.demand);
  }

  /**
   * Grants queued leases in FIFO order wherever they fit (worst-fit, up nodes only). Within one
   * pass the free resources only shrink, so once a demand finds no node every later request for it
   * fails too: each demand is tried until it fails, never scanned past.
   */
  private void schedulePendingActors() {
    if (queuedActors.isEmpty()) {
      return;
    }
    long now = engine.now();
    List<ArrayDeque<ActorLease>> open = new ArrayList<>();
    for (ArrayDeque<ActorLease> q : actorQueue.values()) {
      open.add(q);
    }
    while (true) {
      ArrayDeque<ActorLease> next = null;
      for (ArrayDeque<ActorLease> q : open) {
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
      ActorLease a = next.peekFirst();
      int node =
          view.bestNode(
              a.demand,
              id -> {
                SimNode n = cluster.node(id);
                return n == null || n.crashed();
              });
      if (node < 0) {
        open.remove(next); // every later request for this demand fails in this pass too
        continue;
      }
      next.pollFirst();
      queuedActors.remove(a.replica);
      view.acquire(node, a.demand);
      a.node = node;
      actors.put(a.replica, a);
      actorsOnNode.computeIfAbsent(node, k -> new ArrayList<>()).add(a);
      observer.reserved(now, node, a.replica.job(), a.demand);
      observer.emit(
          new ClusterEvent.ActorPlaced(now, a.replica, a.lease, cluster.node(node).ref()));
    }
    actorQueue.values().removeIf(ArrayDeque::isEmpty);
  }

  // ================================================================= queries (GcsView)

  @Override
  public int bundleNode(PgId pg, int bundle) {
    SimPlacementGroup g = registered.get(pg);
    return g == null ? -1 : g.nodeOfBundle[bundle];
  }

  @Override
  public int actorNode(ReplicaId replica) {
    ActorLease a = actors.get(replica);
    return a == null ? -1 : a.node;
  }

  @Override
  public ClusterState view() {
    return view;
  }

  @Override
  public Collection<SimPlacementGroup> placementGroups() {
    return Collections.unmodifiableCollection(registered.values());
  }

  @Override
  public Optional<SimPlacementGroup> placementGroup(PgId id) {
    return Optional.ofNullable(registered.get(id));
  }

  @Override
  public List<QueuedGroup> pendingQueue() {
    List<QueuedGroup> out = new ArrayList<>();
    for (Map.Entry<QueueKey, SimPlacementGroup> e : pending.entrySet()) {
      out.add(new QueuedGroup(e.getKey().rank(), e.getValue()));
    }
    return out;
  }

  /** Groups waiting for a node to be added. */
  public List<SimPlacementGroup> infeasibleGroups() {
    return List.copyOf(infeasible);
  }

  @Override
  public Optional<SimPlacementGroup> inFlight() {
    return Optional.ofNullable(inFlight);
  }

  @Override
  public Map<Integer, Integer> inFlightPlan() {
    return inFlightCommit == null || inFlightCommit.released
        ? Map.of()
        : Collections.unmodifiableMap(inFlightCommit.plan);
  }

  @Override
  public Map<ReplicaId, Integer> placedActors() {
    TreeMap<ReplicaId, Integer> m = new TreeMap<>();
    actors.forEach((r, a) -> m.put(r, a.node));
    return m;
  }

  @Override
  public Optional<Resources> actorDemand(ReplicaId r) {
    ActorLease a = actors.get(r);
    return a == null ? Optional.empty() : Optional.of(a.demand);
  }

  @Override
  public Map<ReplicaId, Resources> queuedActors() {
    List<ActorLease> all = new ArrayList<>(queuedActors.values());
    all.sort((a, b) -> Long.compare(a.seq, b.seq));
    LinkedHashMap<ReplicaId, Resources> m = new LinkedHashMap<>();
    for (ActorLease a : all) {
      m.put(a.replica, a.demand);
    }
    return m;
  }

  /** Demand of a queued actor request, if the replica has one. */
  public Optional<Resources> queuedActorDemand(ReplicaId r) {
    ActorLease a = queuedActors.get(r);
    return a == null ? Optional.empty() : Optional.of(a.demand);
  }

  /** How many placement decisions were computed (elided retries excluded). */
  public long placementAttempts() {
    return placementAttempts;
  }

  @Override
  public List<Bundle> unplacedBundles(PgId id) {
    SimPlacementGroup g = registered.get(id);
    return g == null ? List.of() : g.unplaced();
  }
}
