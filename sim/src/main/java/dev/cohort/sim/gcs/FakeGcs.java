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
import dev.cohort.sim.engine.SeedStreams;
import dev.cohort.sim.engine.SimEvent;
import dev.cohort.sim.engine.Trace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * A fake of Ray's GCS as far as gang jobs can tell: the placement-group manager (a rank-ordered
 * pending queue, exactly one group in two-phase commit at a time, a 1 s tick, per-group retry
 * backoff, an infeasible queue retried on node add, rank-0 recovery of lost bundles) and, over the
 * same ledger, plain actor leases ({@link ActorLeases}). Every simplification is listed in
 * docs/gcs-model.md.
 */
public final class FakeGcs implements GcsView {

  /** A group's bundle committed on a node. */
  private record BundleRef(PgId pg, int bundle) implements Comparable<BundleRef> {
    @Override
    public int compareTo(BundleRef o) {
      int c = pg.compareTo(o.pg);
      return c != 0 ? c : Integer.compare(bundle, o.bundle);
    }
  }

  private final Engine engine;
  private final GcsConfig config;
  private final Cluster cluster;
  private final GcsObserver observer;
  private final BundlePlacer.Options placerOptions;

  private final ClusterState view = new ClusterState();
  private final Map<PgId, SimPlacementGroup> registered = new HashMap<>();
  private final PendingQueue queue = new PendingQueue();
  private final ArrayDeque<SimPlacementGroup> infeasible = new ArrayDeque<>();
  private final Map<Shape.Key, Shape> shapes = new HashMap<>();

  /** Queued groups whose shape's decision is known (failed or infeasible) on this version. */
  private int knownCount;

  /** The last tick boundary whose effect on the queue has been applied (real or elided). */
  private long caughtUpTo;

  /** Committed bundles by node id. */
  private final NodeIndex<BundleRef> bundlesOnNode = new NodeIndex<>();

  private final ActorLeases actors;

  /** Draws each node incarnation's place in the tie order (null: registration order). */
  private final UniformRandomProvider ties;

  private SimPlacementGroup inFlight;
  private Commit inFlightCommit;
  private long version;
  private boolean tickScheduled;
  private long placementAttempts;

  public FakeGcs(Engine engine, GcsConfig config, Cluster cluster, GcsObserver observer) {
    this(engine, config, cluster, observer, new SeedStreams(1)::stream, null);
  }

  /**
   * A GCS whose random choices (the tie order of nodes, the hybrid policy's top-k draws) come from
   * named streams of {@code streams}, and whose drivers run on {@code defaultDriverNode} unless the
   * configuration names another node (null: the first node that registers).
   */
  public FakeGcs(
      Engine engine,
      GcsConfig config,
      Cluster cluster,
      GcsObserver observer,
      Function<String, UniformRandomProvider> streams,
      String defaultDriverNode) {
    this.engine = engine;
    this.config = config;
    this.cluster = cluster;
    this.observer = observer;
    this.placerOptions = new BundlePlacer.Options(config.detectInfeasible());
    this.ties = config.tieBreak() == TieBreak.RANDOM ? streams.apply("scheduling/ties") : null;
    this.actors =
        new ActorLeases(
            view,
            cluster,
            observer,
            config.actors(),
            config.actors().driverNode().orElse(defaultDriverNode),
            streams.apply("scheduling/actors"));
  }

  // ================================================================= nodes

  /** A node registered: the PG manager runs first, then pending actors (Ray's listener order). */
  public void nodeAdded(SimNode n) {
    catchUp();
    view.addNode(n.id(), n.name(), n.total(), ties == null ? n.serial() : ties.nextLong());
    actors.nodeAdded(n);
    bumpVersion();
    while (!infeasible.isEmpty()) {
      SimPlacementGroup pg = infeasible.poll();
      enqueue(pg, engine.now(), pg.backoff);
    }
    schedulePending();
    requestTick();
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
    catchUp();
    long now = engine.now();
    view.removeNode(n.id());
    bumpVersion();
    List<BundleRef> lost = bundlesOnNode.removeAll(n.id());
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
        if (pg != inFlight && pg.cohort == null) {
          enqueue(pg, config.pgPriority() == PgPriority.RESCHEDULE_FIRST ? 0 : now, pg.backoff);
        }
      } else if (pg.cohort != null) {
        reshape(pg); // it lost more bundles while queued: its decision changes
      }
      observer.emit(new ClusterEvent.PlacementGroupRescheduling(now, e.getKey(), e.getValue()));
    }
    schedulePending();
    requestTick();
    actors.nodeDead(n, now);
  }

  // ================================================================= placement groups

  /** Registers a group and tries to schedule at once (the registration callback does). */
  public void createPlacementGroup(PlacementGroupSpec spec) {
    if (registered.containsKey(spec.id())) {
      throw new IllegalStateException("placement group " + spec.id() + " already exists");
    }
    catchUp();
    SimPlacementGroup pg = new SimPlacementGroup(spec, engine.now(), config.backoffMin());
    registered.put(spec.id(), pg);
    enqueue(pg, engine.now(), pg.backoff);
    schedulePending();
    requestTick();
  }

  /** Removes a group (idempotent): frees its bundles at once and drops it from every queue. */
  public void removePlacementGroup(PgId id) {
    SimPlacementGroup pg = registered.remove(id);
    if (pg == null) {
      return;
    }
    catchUp();
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
        bundlesOnNode.remove(node, new BundleRef(id, i));
        observer.freed(now, node, id.job(), r);
        pg.place(i, -1);
      }
    }
    dequeue(pg);
    infeasible.remove(pg);
    pg.state = PgState.REMOVED;
    if (pg == inFlight) {
      // Cancel the commit: give back what it acquired; the commit's completion drops the group.
      inFlightCommit.release();
      freed = true;
    }
    if (freed) {
      clusterChanged();
    }
    requestTick(); // the head may have changed
  }

  // ----------------------------------------------------------------- the pending queue

  /** The shape a group's next decision has: shared while nothing of it is placed. */
  private Shape shapeOf(SimPlacementGroup pg) {
    if (pg.empty() && pg.state == PgState.PENDING) {
      if (pg.shape == null || shapes.get(pg.shape.key) != pg.shape) {
        Shape.Key key = new Shape.Key(pg.spec.strategy(), resources(pg.spec.bundles()));
        return shapes.computeIfAbsent(key, Shape::new);
      }
      return pg.shape; // a waiting group's shape never changes
    }
    Shape.Key key = new Shape.Key(pg.spec.strategy(), resources(pg.unplaced()));
    if (pg.shape != null && shapes.get(pg.shape.key) != pg.shape && pg.shape.key.equals(key)) {
      return pg.shape; // its own shape, unchanged: keep what is known about it
    }
    return new Shape(key);
  }

  private static List<Resources> resources(List<Bundle> bundles) {
    List<Resources> out = new ArrayList<>(bundles.size());
    for (Bundle b : bundles) {
      out.add(b.resources());
    }
    return out;
  }

  private void enqueue(SimPlacementGroup pg, long rank, long backoff) {
    pg.shape = shapeOf(pg);
    queue.add(pg, rank, backoff, pg.state == PgState.PENDING && config.elideRetries());
    if (pg.shape.known(version)) {
      knownCount++;
    }
  }

  private void dequeue(SimPlacementGroup pg) {
    if (pg.cohort != null) {
      if (pg.shape.known(version)) {
        knownCount--;
      }
      queue.remove(pg);
    }
  }

  /** A queued group's unplaced bundles changed: it takes its place again with its new shape. */
  private void reshape(SimPlacementGroup pg) {
    long rank = pg.cohort.rank;
    dequeue(pg);
    enqueue(pg, rank, pg.backoff);
  }

  private void markFailed(Shape s) {
    if (!s.known(version)) {
      knownCount += s.pending;
    }
    s.failedAt = version;
  }

  private void markInfeasible(Shape s) {
    if (!s.known(version)) {
      knownCount += s.pending;
    }
    s.infeasibleAt = version;
  }

  /** The cluster view changed in a way that can make a failed decision succeed. */
  private void bumpVersion() {
    version++;
    knownCount = 0;
  }

  private long nextBackoff(long b) {
    return Math.min(config.backoffMax(), (long) (b * config.backoffMultiplier()));
  }

  /** A group being rescheduled that Ray 2.9 retries at rank 0 after every failure. */
  private boolean spins(SimPlacementGroup pg) {
    return pg.state == PgState.RESCHEDULING && config.rescheduleSpin();
  }

  /** The queue's head spins on a decision known to fail: nothing behind it is tried. */
  private boolean spinBlocked() {
    PendingQueue.Cohort c = queue.first();
    return c != null && spins(c.head) && c.head.shape.failedAt == version;
  }

  /** The groups spinning at rank 0 (the queue's leading cohorts), in queue order. */
  private List<PendingQueue.Cohort> spinning() {
    List<PendingQueue.Cohort> out = new ArrayList<>();
    for (PendingQueue.Cohort c : queue.cohorts()) {
      if (c.rank != 0 || !spins(c.head)) {
        break;
      }
      out.add(c);
    }
    return out;
  }

  /** True when every group spinning at rank 0 is known to fail: their rotation changes nothing. */
  private boolean spinningAllKnown() {
    for (PendingQueue.Cohort c : spinning()) {
      if (c.head.shape.failedAt != version) {
        return false;
      }
    }
    return true;
  }

  /**
   * One scheduling pass: due groups are tried in queue order until one is placed, which starts a
   * two-phase commit that blocks the manager until it completes. With elision, groups whose shape
   * is known to fail on this cluster version are re-ranked without a decision, a cohort at a time.
   */
  private void schedulePending() {
    catchUp();
    long now = engine.now();
    while (inFlight == null && !queue.isEmpty()) {
      PendingQueue.Cohort c = queue.first();
      if (c.rank > now) {
        requestTick();
        return;
      }
      boolean go = config.elideRetries() ? processElided(c, now) : processLiteral(c, now);
      if (!go) {
        return;
      }
    }
  }

  /** Ray's own process: try the head group. Returns false when the pass must stop. */
  private boolean processLiteral(PendingQueue.Cohort c, long now) {
    SimPlacementGroup pg = c.head;
    dequeue(pg);
    PlacementResult result = decide(pg);
    if (result instanceof PlacementResult.Placed placed) {
      startCommit(pg, placed);
      return false;
    } else if (result instanceof PlacementResult.Infeasible) {
      infeasible.add(pg);
      return true;
    }
    return requeueAfterFailure(pg, now, true);
  }

  /**
   * Tries a cohort: one decision per shape not yet known on this version; then the first member
   * whose shape fits is placed (or the first infeasible one leaves for the infeasible queue), and
   * the members before it, which all fail, move on together. Returns false when the pass stops.
   */
  private boolean processElided(PendingQueue.Cohort c, long now) {
    if (spins(c.head)) { // a group being rescheduled is alone in its cohort
      if (c.head.shape.failedAt == version) {
        // Ray 2.9: its retry fails again and puts it back at rank 0, behind the other groups
        // being rescheduled; nothing else is tried until the cluster changes.
        queue.move(c, 0, c.backoff);
        return false;
      }
      return processLiteral(c, now);
    }
    Map<Shape, PlacementResult.Placed> fits = new HashMap<>(2);
    for (int ri = 0; ri < c.shapes.size(); ri++) {
      PendingQueue.Cohort.Run run = c.shapes.at(ri);
      Shape s = run.shape;
      if (s.known(version)) {
        continue;
      }
      PlacementResult r = decide(run.head);
      if (r instanceof PlacementResult.Placed p) {
        fits.put(s, p);
      } else if (r instanceof PlacementResult.Infeasible) {
        markInfeasible(s);
      } else {
        markFailed(s);
      }
    }
    SimPlacementGroup x = null;
    for (int ri = 0; ri < c.shapes.size(); ri++) {
      PendingQueue.Cohort.Run run = c.shapes.at(ri);
      Shape s = run.shape;
      SimPlacementGroup head = run.head;
      if ((fits.containsKey(s) || s.infeasibleAt == version) && (x == null || head.ord < x.ord)) {
        x = head;
      }
    }
    if (x == null) {
      queue.move(c, now + c.backoff, nextBackoff(c.backoff));
      return true;
    }
    PendingQueue.Cohort failed = queue.detachBefore(c, x);
    if (failed != null) {
      queue.insert(failed, now + failed.backoff, nextBackoff(failed.backoff));
    }
    PlacementResult.Placed placed = fits.get(x.shape);
    dequeue(x);
    if (placed == null) {
      infeasible.add(x);
      return true;
    }
    startCommit(x, placed);
    return false;
  }

  private PlacementResult decide(SimPlacementGroup pg) {
    pg.attempts++;
    placementAttempts++;
    return BundlePlacer.place(
        view, pg.unplaced(), pg.spec.strategy(), pg.occupiedNodes(), placerOptions);
  }

  /**
   * A failed attempt: back off, except that Ray 2.9 retries a recovering group at rank 0 (and the
   * pass stops there). {@code decisionFailed} when the decision itself failed on this cluster
   * version, which is then remembered; a failed commit (a target crashed meanwhile) is not, since
   * the version may have changed while the commit was in flight. Returns false when the pass stops.
   */
  private boolean requeueAfterFailure(SimPlacementGroup pg, long now, boolean decisionFailed) {
    if (spins(pg)) {
      if (config.elideRetries() && decisionFailed) {
        pg.shape = shapeOf(pg);
        markFailed(pg.shape);
      }
      enqueue(pg, 0, pg.backoff);
      return false;
    }
    long b = pg.backoff;
    enqueue(pg, now + b, nextBackoff(b));
    return true;
  }

  // ----------------------------------------------------------------- ticks, real and elided

  /**
   * Keeps the tick running while it can matter. Called at the end of every entry point. Ray's tick
   * runs every second whatever happens; the literal mode schedules it whenever groups wait. With
   * elision a tick is scheduled only while some waiting group's decision is unknown on this cluster
   * version (and the head does not spin): every other tick is applied later by {@link #catchUp}.
   */
  private void requestTick() {
    if (tickScheduled || queue.isEmpty()) {
      return;
    }
    if (config.elideRetries()
        && (spinBlocked() ? spinningAllKnown() : queue.size() == knownCount)) {
      return; // a tick now could only repeat what is known; its effect is applied when needed
    }
    tickScheduled = true;
    long now = engine.now();
    long tick = config.tick();
    boolean tickOfNowAhead =
        now % tick == 0 && engine.phase().compareTo(EventPriority.GCS_TICK) < 0;
    long next = tickOfNowAhead ? now : (now / tick + 1) * tick;
    engine.schedule(next, EventPriority.GCS_TICK, new Tick());
  }

  /** The GCS's periodic tick: retries due pending groups. */
  private final class Tick extends SimEvent {
    @Override
    public void fire() {
      tickScheduled = false;
      catchUp();
      caughtUpTo = engine.now();
      schedulePending();
      requestTick();
    }

    @Override
    public void trace(Trace t) {
      t.kind("gcs-tick").field("pending", queue.size());
    }
  }

  /**
   * Applies the ticks that were elided since the last one applied: at each, Ray would have retried
   * every due group, all of them known to fail (or be infeasible), and re-ranked them. Called
   * before the queue is touched. Ticks of this instant count once the tick phase has passed. A
   * commit in flight or a spinning head makes a tick do nothing, as in Ray. Once every group waits
   * at maximum backoff, the remaining ticks only shift ranks, so they are applied in one step.
   */
  private void catchUp() {
    if (!config.elideRetries()) {
      return;
    }
    long tick = config.tick();
    long now = engine.now();
    boolean tickPhasePassed = engine.phase().compareTo(EventPriority.GCS_TICK) > 0;
    long last = Math.floorDiv(tickPhasePassed ? now : now - 1, tick) * tick;
    if (last <= caughtUpTo) {
      return;
    }
    long k = caughtUpTo + tick;
    caughtUpTo = last;
    if (inFlight != null) {
      return; // the manager was busy with a commit at each of these ticks
    }
    while (k <= last && !queue.isEmpty()) {
      if (spinBlocked()) {
        // Each remaining tick retries the spinning head, which fails and goes behind the others.
        List<PendingQueue.Cohort> line = spinning();
        long turns = ((last - k) / tick + 1) % line.size();
        for (int i = 0; i < turns; i++) {
          queue.move(line.get(i), 0, line.get(i).backoff);
        }
        return;
      }
      PendingQueue.Cohort first = queue.first();
      if (first.rank > k) {
        k = Math.floorDiv(first.rank + tick - 1, tick) * tick; // no group is due before then
        continue;
      }
      quietTick(k);
      if (settled()) {
        jump(k, last);
        return;
      }
      k += tick;
    }
  }

  /** One elided tick at {@code k}: due groups leave for the infeasible queue or move on. */
  private void quietTick(long k) {
    List<PendingQueue.Cohort> due = new ArrayList<>();
    for (PendingQueue.Cohort c : queue.cohorts()) {
      if (c.rank > k) {
        break;
      }
      due.add(c);
    }
    for (PendingQueue.Cohort c : due) {
      for (int ri = 0; ri < c.shapes.size(); ri++) {
        PendingQueue.Cohort.Run run = c.shapes.at(ri);
        if (!run.shape.known(version)) {
          throw new IllegalStateException(
              "an elided tick at "
                  + k
                  + " would retry "
                  + c.head.id()
                  + " whose decision is unknown");
        }
      }
      if (spins(c.head)) {
        queue.move(c, 0, c.backoff); // Ray 2.9: back at rank 0, and nothing else is tried
        return;
      }
      List<SimPlacementGroup> leaving = new ArrayList<>(); // infeasible: they leave, in order
      for (int ri = 0; ri < c.shapes.size(); ri++) {
        PendingQueue.Cohort.Run run = c.shapes.at(ri);
        if (run.shape.infeasibleAt == version) {
          for (SimPlacementGroup m = run.head; m != null; m = m.shapeNext) {
            leaving.add(m);
          }
        }
      }
      leaving.sort((a, b) -> Long.compare(a.ord, b.ord));
      for (SimPlacementGroup m : leaving) {
        dequeue(m);
        infeasible.add(m);
      }
      if (c.size > 0) {
        queue.move(c, k + c.backoff, nextBackoff(c.backoff));
      }
    }
  }

  /** True when every queued group waits at maximum backoff and only repeats failures. */
  private boolean settled() {
    for (PendingQueue.Cohort c : queue.cohorts()) {
      if (c.backoff != config.backoffMax() || spins(c.head)) {
        return false;
      }
      for (int ri = 0; ri < c.shapes.size(); ri++) {
        PendingQueue.Cohort.Run run = c.shapes.at(ri);
        if (run.shape.infeasibleAt == version) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Applies the ticks after {@code k0} up to {@code last} at once: a group waiting at maximum
   * backoff is retried every {@code ceil(max/tick)} ticks and re-ranked at that tick + max. Groups
   * retried at the same tick end up at the same rank in the order they were retried.
   */
  private void jump(long k0, long last) {
    long tick = config.tick();
    long max = config.backoffMax();
    long period = Math.floorDiv(max + tick - 1, tick) * tick;
    List<PendingQueue.Cohort> moving = new ArrayList<>();
    List<long[]> keys = new ArrayList<>(); // {new rank, old rank, old seq}
    for (PendingQueue.Cohort c : queue.cohorts()) {
      long k1 = Math.floorDiv(c.rank + tick - 1, tick) * tick;
      if (k1 <= k0) {
        k1 = k0 + tick; // cannot happen after quietTick(k0); kept for safety
      }
      if (k1 > last) {
        continue;
      }
      long kLast = k1 + (last - k1) / period * period;
      moving.add(c);
      keys.add(new long[] {kLast + max, c.rank, c.seq});
    }
    Integer[] order = new Integer[moving.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(
        order,
        (a, b) -> {
          long[] x = keys.get(a);
          long[] y = keys.get(b);
          int c = Long.compare(x[0], y[0]);
          if (c == 0) {
            c = Long.compare(x[1], y[1]);
          }
          return c != 0 ? c : Long.compare(x[2], y[2]);
        });
    List<PendingQueue.Cohort> sorted = new ArrayList<>(moving.size());
    long[] ranks = new long[moving.size()];
    for (int i = 0; i < order.length; i++) {
      sorted.add(moving.get(order[i]));
      ranks[i] = keys.get(order[i])[0];
    }
    queue.moveAll(sorted, ranks, max);
  }

  // ----------------------------------------------------------------- two-phase commit

  private void startCommit(SimPlacementGroup pg, PlacementResult.Placed placed) {
    inFlight = pg;
    long now = engine.now();
    Commit c = new Commit(pg, placed);
    inFlightCommit = c;
    for (int i = 0; i < placed.size(); i++) {
      view.acquire(placed.node(i), pg.spec.bundles().get(placed.bundle(i)).resources());
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
    final PlacementResult.Placed plan;
    final SimNode[] targets;
    boolean released;

    Commit(SimPlacementGroup pg, PlacementResult.Placed plan) {
      this.pg = pg;
      this.plan = plan;
      this.targets = new SimNode[plan.size()];
      for (int i = 0; i < targets.length; i++) {
        targets[i] = cluster.node(plan.node(i));
      }
    }

    /** Whether the i-th target is still the node the GCS knows under its id. */
    private boolean targetKnown(int i) {
      int node = plan.node(i);
      return view.isAlive(node) && cluster.node(node) == targets[i];
    }

    /** Bundle → node of the commit, for checks. */
    Map<Integer, Integer> planMap() {
      return plan.nodeOfBundle();
    }

    /** Gives back what the commit acquired (on targets the GCS still knows). */
    void release() {
      if (!released) {
        released = true;
        for (int i = 0; i < targets.length; i++) {
          if (targetKnown(i)) {
            view.release(plan.node(i), pg.spec.bundles().get(plan.bundle(i)).resources());
          }
        }
      }
    }

    @Override
    public void fire() {
      catchUp();
      inFlight = null;
      inFlightCommit = null;
      long now = engine.now();
      if (pg.state == PgState.REMOVED) {
        schedulePending();
        requestTick();
        return;
      }
      boolean nodeDown = false;
      for (SimNode target : targets) {
        if (target.crashed()) {
          nodeDown = true;
          break;
        }
      }
      if (nodeDown) {
        // A prepare or commit RPC failed: undo everything and retry like a failed decision.
        release();
        if (requeueAfterFailure(pg, now, false)) {
          schedulePending();
        }
        requestTick();
        return;
      }
      Map<Integer, NodeRef> placedRefs = plan.size() == 1 ? null : new HashMap<>(plan.size() * 2);
      for (int i = 0; i < plan.size(); i++) {
        int b = plan.bundle(i);
        int node = plan.node(i);
        pg.place(b, node);
        bundlesOnNode.add(node, new BundleRef(pg.id(), b));
        if (placedRefs == null) {
          placedRefs = Map.of(b, targets[i].ref());
        } else {
          placedRefs.put(b, targets[i].ref());
        }
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
        enqueue(pg, config.pgPriority() == PgPriority.RESCHEDULE_FIRST ? 0 : now, pg.backoff);
      }
      schedulePending();
      requestTick();
    }

    @Override
    public void trace(Trace t) {
      t.kind("pg-commit")
          .field("job", pg.id().job())
          .field("pg", pg.id().index())
          .field("bundles", plan.size());
    }
  }

  /** Resources were freed: pending groups notice at the next tick, actors at once. */
  private void clusterChanged() {
    bumpVersion();
    requestTick();
    schedulePendingActors();
  }

  // ================================================================= plain actors

  /** Queues a lease request at the back (no priority, even for restarts). */
  public void requestActor(ReplicaId replica, int lease, Resources demand) {
    if (actors.isPlaced(replica, -1)) {
      catchUp();
      actors.evict(replica, engine.now());
      bumpVersion();
      requestTick();
    }
    actors.withdraw(replica, -1);
    actors.enqueue(replica, lease, demand);
    schedulePendingActors();
  }

  /** Kills an actor or withdraws its request; unknown leases are ignored. */
  public void releaseActor(ReplicaId replica, int lease) {
    actors.withdraw(replica, lease);
    if (actors.isPlaced(replica, lease)) {
      catchUp();
      actors.evict(replica, engine.now());
      clusterChanged();
    }
  }

  private void schedulePendingActors() {
    actors.schedule(engine.now());
  }

  // ================================================================= queries (GcsView)

  @Override
  public int bundleNode(PgId pg, int bundle) {
    SimPlacementGroup g = registered.get(pg);
    return g == null ? -1 : g.nodeOfBundle[bundle];
  }

  @Override
  public int actorNode(ReplicaId replica) {
    return actors.node(replica);
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
    List<QueuedGroup> out = new ArrayList<>(queue.size());
    for (PendingQueue.Cohort c : queue.cohorts()) {
      for (SimPlacementGroup g = c.head; g != null; g = g.next) {
        out.add(new QueuedGroup(c.rank, g));
      }
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
    return inFlightCommit == null || inFlightCommit.released ? Map.of() : inFlightCommit.planMap();
  }

  @Override
  public Map<ReplicaId, Integer> placedActors() {
    return actors.placed();
  }

  @Override
  public Optional<Resources> actorDemand(ReplicaId r) {
    return actors.placedDemand(r);
  }

  @Override
  public Map<ReplicaId, Resources> queuedActors() {
    return actors.queued();
  }

  /** Demand of a queued actor request, if the replica has one. */
  public Optional<Resources> queuedActorDemand(ReplicaId r) {
    return actors.queuedDemand(r);
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
