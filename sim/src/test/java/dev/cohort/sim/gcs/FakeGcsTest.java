package dev.cohort.sim.gcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.core.placement.PlacementGroupSpec;
import dev.cohort.core.placement.PlacementStrategy;
import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.PgId;
import dev.cohort.core.resources.Resources;
import dev.cohort.sim.cluster.Cluster;
import dev.cohort.sim.cluster.SimNode;
import dev.cohort.sim.engine.Engine;
import dev.cohort.sim.engine.EventPriority;
import dev.cohort.sim.engine.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The PG manager's queue rules in isolation (Ray's PendingQueuePriority* unit tests, case 17). */
class FakeGcsTest {
  final Engine engine = new Engine(new Trace());
  final Cluster cluster = new Cluster();
  final List<ClusterEvent> events = new ArrayList<>();
  FakeGcs gcs = new FakeGcs(engine, GcsConfig.DEFAULTS, cluster, events::add);

  SimNode node(String name, double cpu) {
    SimNode n = cluster.join(name, "g", Resources.of("CPU", cpu), new TreeMap<>(), engine.now());
    gcs.nodeAdded(n);
    return n;
  }

  static PlacementGroupSpec pg(String job, int bundles, double cpu) {
    return PlacementGroupSpec.uniform(
        new PgId(job, 0), bundles, Resources.of("CPU", cpu), PlacementStrategy.PACK);
  }

  List<Long> ranks() {
    return gcs.pendingQueue().stream().map(GcsView.QueuedGroup::rank).toList();
  }

  @Test
  void failedPendingGroupBacksOffHundredThenHundredFiftyMillis() {
    node("a", 1);
    gcs.createPlacementGroup(pg("x", 1, 2)); // needs 2 CPUs: fails, not infeasible in 2.9 (PACK)
    assertEquals(List.of(100_000L), ranks());
    // A change in the cluster (a node joins that still does not fit) makes the retry real again.
    engine.schedule(
        200_000, dev.cohort.sim.engine.EventPriority.NODE_JOIN, new Run(() -> node("b", 1)));
    engine.run(200_000, () -> false);
    assertEquals(List.of(350_000L), ranks(), "second failure: now + 150 ms");
  }

  @Test
  void reschedulingGroupGoesAheadOfOlderPendingGroups() {
    SimNode a = node("a", 1);
    node("b", 1);
    gcs.createPlacementGroup(pg("old", 1, 1));
    engine.run(10_000, () -> false); // committed on a
    gcs.createPlacementGroup(pg("y", 1, 1)); // takes b
    engine.run(20_000, () -> false);
    gcs.createPlacementGroup(pg("z", 1, 1)); // nothing free: pending with backoff
    assertEquals(1, gcs.pendingQueue().size());
    cluster.crash(a);
    gcs.nodeDead(a);
    List<GcsView.QueuedGroup> q = gcs.pendingQueue();
    assertEquals(2, q.size());
    assertEquals(0L, q.get(0).rank(), "lost bundles re-enter at rank 0");
    assertEquals(new PgId("old", 0), q.get(0).group().id());
    assertTrue(events.stream().anyMatch(e -> e instanceof ClusterEvent.PlacementGroupRescheduling));
  }

  @Test
  void fifoPriorityPutsTheLostGroupBehind() {
    gcs =
        new FakeGcs(
            engine,
            new GcsConfig(
                PgPriority.FIFO,
                false,
                false,
                1_000_000,
                100_000,
                1.5,
                1_000_000,
                2000,
                5_000_000,
                3_000_000,
                5,
                0,
                true,
                dev.cohort.sim.gcs.TieBreak.RANDOM,
                dev.cohort.sim.gcs.ActorScheduling.DEFAULTS,
                "2.39"),
            cluster,
            events::add);
    SimNode a = node("a", 1);
    gcs.createPlacementGroup(pg("old", 1, 1));
    engine.run(10_000, () -> false);
    gcs.createPlacementGroup(pg("z", 1, 1));
    cluster.crash(a);
    gcs.nodeDead(a);
    assertEquals(new PgId("z", 0), gcs.pendingQueue().get(0).group().id());
  }

  @Test
  void spinningReschedulingGroupStarvesTheQueueUntilTheClusterChanges() {
    SimNode a = node("a", 2);
    node("b", 1);
    gcs.createPlacementGroup(pg("big", 1, 2)); // on a
    engine.run(10_000, () -> false);
    cluster.crash(a);
    gcs.nodeDead(a); // big cannot fit on b (1 CPU): spins at rank 0
    gcs.createPlacementGroup(pg("small", 1, 1)); // would fit on b, but the queue is blocked
    engine.run(60_000_000, () -> false);
    assertEquals(2, gcs.pendingQueue().size(), "small is starved behind the spinning group");
    assertEquals(-1, gcs.bundleNode(new PgId("small", 0), 0));
  }

  @Test
  void withoutTheSpinTheRecoveringGroupBacksOffAndOthersProceed() {
    gcs =
        new FakeGcs(
            engine,
            new GcsConfig(
                PgPriority.RESCHEDULE_FIRST,
                false,
                false,
                1_000_000,
                100_000,
                1.5,
                1_000_000,
                2000,
                5_000_000,
                3_000_000,
                5,
                0,
                true,
                dev.cohort.sim.gcs.TieBreak.RANDOM,
                dev.cohort.sim.gcs.ActorScheduling.DEFAULTS,
                "2.39"),
            cluster,
            events::add);
    SimNode a = node("a", 2);
    node("b", 1);
    gcs.createPlacementGroup(pg("big", 1, 2));
    engine.run(10_000, () -> false);
    cluster.crash(a);
    gcs.nodeDead(a);
    gcs.createPlacementGroup(pg("small", 1, 1));
    engine.run(60_000_000, () -> false);
    assertTrue(gcs.bundleNode(new PgId("small", 0), 0) >= 0, "small got node b");
  }

  @Test
  void healthChecksDeclareACrashedNodeDeadAfterThresholdFailures() {
    GcsConfig c = GcsConfig.DEFAULTS;
    // Registered at 0: checks at 5 s, 8 s, 11 s, …; crash at 20 s → first failed check 20 s,
    // fifth at 32 s.
    assertEquals(32_000_000L, c.deathTime(0, 20_000_000));
    assertEquals(
        29_000_000L + 12_000_000L, c.deathTime(0, 26_500_000), "phase: next check at 29 s");
    assertEquals(17_000_000L, c.deathTime(0, 1_000_000), "crash before the first check");
  }

  @Test
  void packWithAMissingGpuStaysPendingUntilAFittingNodeJoins() { // Ray case 6
    node("cpu", 4);
    PlacementGroupSpec mixed =
        new PlacementGroupSpec(
            new PgId("m", 0),
            List.of(
                new dev.cohort.core.placement.Bundle(0, Resources.of("GPU", 2)),
                new dev.cohort.core.placement.Bundle(1, Resources.of("CPU", 2))),
            PlacementStrategy.PACK);
    gcs.createPlacementGroup(mixed);
    assertEquals(1, gcs.pendingQueue().size(), "pending (NO_RESOURCES), not infeasible, in 2.9");
    assertTrue(gcs.infeasibleGroups().isEmpty());
    SimNode big =
        cluster.join("big", "g", Resources.of("CPU", 4, "GPU", 4), new TreeMap<>(), engine.now());
    gcs.nodeAdded(big);
    // Its backoff rank (now + 100 ms) is not due when the node joins: the 1 s tick places it.
    engine.run(2_000_000, () -> false);
    assertEquals(big.id(), gcs.bundleNode(new PgId("m", 0), 0));
    assertEquals(big.id(), gcs.bundleNode(new PgId("m", 0), 1), "PACK keeps both on the GPU node");
  }

  @Test
  void removingAPendingGroupLeavesNothingBehindAndIsIdempotent() { // Ray cases 13 and 14
    SimNode a = node("a", 1);
    gcs.createPlacementGroup(
        PlacementGroupSpec.uniform(
            new PgId("p", 0), 2, Resources.of("CPU", 1), PlacementStrategy.STRICT_PACK));
    assertEquals(1, gcs.infeasibleGroups().size(), "2 CPUs on one node can never fit a 1-CPU node");
    gcs.removePlacementGroup(new PgId("p", 0));
    gcs.removePlacementGroup(new PgId("p", 0));
    gcs.removePlacementGroup(new PgId("never", 0));
    assertTrue(gcs.infeasibleGroups().isEmpty());
    assertTrue(gcs.pendingQueue().isEmpty());
    assertEquals(Resources.of("CPU", 1), gcs.view().available(a.id()), "no leaked reservation");
  }

  /** At {@code at}, in phase {@code p}, run {@code r} (a node join, a registration...). */
  void at(long at, EventPriority p, Runnable r) {
    engine.schedule(at, p, new Run(r));
  }

  /**
   * Ray retries a waiting group on its tick once its backoff is due, so between ticks a group that
   * waited long has rank "last tick + 1 s", in the future. When a node joins, OnNodeAdd tries what
   * is due: here nothing. A group created a moment later is due at once and takes the node; the
   * long-waiting group fails at the next tick (gcs_placement_group_manager.cc:
   * SchedulePendingPlacementGroups stops at a head whose rank lies in the future, "Tick will cover
   * the next time retry"; OnPlacementGroupCreationFailed re-queues a PENDING group at now +
   * backoff). Checked with elided retries and with Ray's process run literally.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aNewGroupTakesAJoiningNodeAheadOfOneWaitingForItsTick(boolean elide) {
    gcs = new FakeGcs(engine, GcsConfig.DEFAULTS.withElideRetries(elide), cluster, events::add);
    node("a", 1);
    gcs.createPlacementGroup(pg("hold", 1, 1)); // takes a
    gcs.createPlacementGroup(pg("wait", 1, 1)); // fails; backs off; retried at every tick
    at(10_500_000, EventPriority.NODE_JOIN, () -> node("b", 1));
    at(10_600_000, EventPriority.DELIVER, () -> gcs.createPlacementGroup(pg("fresh", 1, 1)));
    engine.run(12_000_000, () -> false);
    int b = cluster.current("b").orElseThrow().id();
    assertEquals(b, gcs.bundleNode(new PgId("fresh", 0), 0), "the new group got the node");
    assertEquals(-1, gcs.bundleNode(new PgId("wait", 0), 0), "the old one waited for its tick");
    assertEquals(List.of(new PgId("wait", 0)), queued());
  }

  /**
   * When a node joins, OnNodeAdd moves every infeasible group back to the queue at rank = now and
   * tries what is due (gcs_placement_group_manager.cc: OnNodeAdd, AddToPendingQueue with now;
   * SchedulePendingPlacementGroups): the group that could not fit anywhere takes the new node ahead
   * of a group that has waited longer but whose retry is only due at the next tick.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aFormerlyInfeasibleGroupTakesAJoiningNodeBeforeOneWaitingForItsTick(boolean elide) {
    GcsConfig c = GcsConfig.DEFAULTS.withElideRetries(elide);
    c =
        new GcsConfig(
            c.pgPriority(),
            c.rescheduleSpin(),
            true,
            c.tick(),
            c.backoffMin(),
            c.backoffMultiplier(),
            c.backoffMax(),
            c.commitLatency(),
            c.healthInitialDelay(),
            c.healthPeriod(),
            c.healthFailureThreshold(),
            c.startLatency(),
            c.elideRetries(),
            c.tieBreak(),
            c.actors(),
            c.version());
    gcs = new FakeGcs(engine, c, cluster, events::add);
    node("a", 1);
    gcs.createPlacementGroup(pg("hold", 1, 1)); // takes a
    gcs.createPlacementGroup(pg("wait", 1, 1)); // fits a's total: pending, retried every tick
    gcs.createPlacementGroup(pg("big", 1, 2)); // fits no node: infeasible
    engine.run(5_000_000, () -> false);
    assertEquals(
        List.of(new PgId("big", 0)), gcs.infeasibleGroups().stream().map(g -> g.id()).toList());
    at(10_500_000, EventPriority.NODE_JOIN, () -> node("b", 2));
    engine.run(12_000_000, () -> false);
    int b = cluster.current("b").orElseThrow().id();
    assertEquals(b, gcs.bundleNode(new PgId("big", 0), 0), "the re-queued group got the node");
    assertEquals(-1, gcs.bundleNode(new PgId("wait", 0), 0));
  }

  /**
   * Groups being rescheduled that cannot be placed spin at rank 0 in Ray 2.9: each failed retry
   * puts the head back at rank 0 behind the others (OnPlacementGroupCreationFailed, RESCHEDULING
   * branch), one retry per trigger. So which of them is first when capacity returns depends on how
   * many ticks passed, with elided ticks as with real ones.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void groupsSpinningAtRankZeroTakeTurnsAtTheHead(boolean elide) {
    List<PgId> winners = new java.util.ArrayList<>();
    for (long joinAt : new long[] {40_500_000, 41_500_000}) {
      Engine e = new Engine(new Trace());
      Cluster c = new Cluster();
      FakeGcs g = new FakeGcs(e, GcsConfig.DEFAULTS.withElideRetries(elide), c, x -> {});
      SimNode a1 = join(c, g, e, "a1", 2);
      SimNode a2 = join(c, g, e, "a2", 2);
      join(c, g, e, "small", 1);
      g.createPlacementGroup(pg("g1", 1, 2));
      e.run(10_000, () -> false);
      g.createPlacementGroup(pg("g2", 1, 2));
      e.run(20_000, () -> false);
      e.schedule(
          30_000_000,
          EventPriority.NODE_DEAD,
          new Run(
              () -> {
                c.crash(a1);
                c.crash(a2);
                g.nodeDead(a1);
                g.nodeDead(a2);
              }));
      e.schedule(joinAt, EventPriority.NODE_JOIN, new Run(() -> join(c, g, e, "back", 2)));
      e.run(joinAt + 10_000, () -> false);
      winners.add(g.bundleNode(new PgId("g1", 0), 0) >= 0 ? new PgId("g1", 0) : new PgId("g2", 0));
    }
    assertNotEquals(winners.get(0), winners.get(1), "one tick later, the other one is first");
  }

  private static SimNode join(Cluster c, FakeGcs g, Engine e, String name, double cpu) {
    SimNode n = c.join(name, "g", Resources.of("CPU", cpu), new TreeMap<>(), e.now());
    g.nodeAdded(n);
    return n;
  }

  List<PgId> queued() {
    return gcs.pendingQueue().stream().map(q -> q.group().id()).toList();
  }

  /** Runs a lambda as an event. */
  static final class Run extends dev.cohort.sim.engine.SimEvent {
    final Runnable r;

    Run(Runnable r) {
      this.r = r;
    }

    @Override
    public void fire() {
      r.run();
    }

    @Override
    public void trace(Trace t) {
      t.kind("test");
    }
  }
}
