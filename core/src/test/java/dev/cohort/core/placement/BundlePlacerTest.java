package dev.cohort.core.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.cohort.core.resources.Resources;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Ray's own placement-group cases (reference §7) and the scorer's rules, at the decision level. */
class BundlePlacerTest {

  static ClusterState cluster(Resources... nodes) {
    ClusterState c = new ClusterState();
    for (int i = 0; i < nodes.length; i++) {
      c.addNode(i, "n" + i, nodes[i]);
    }
    return c;
  }

  static List<Bundle> bundles(Resources... rs) {
    List<Bundle> out = new ArrayList<>();
    for (int i = 0; i < rs.length; i++) {
      out.add(new Bundle(i, rs[i]));
    }
    return out;
  }

  static Resources cpu(double n) {
    return Resources.of("CPU", n);
  }

  static Map<Integer, Integer> placed(PlacementResult r) {
    return assertInstanceOf(PlacementResult.Placed.class, r).nodeOfBundle();
  }

  @Test
  void packPutsTwoBundlesOnOneNode() { // Ray case 1
    var m =
        placed(
            BundlePlacer.place(
                cluster(cpu(4), cpu(4)), bundles(cpu(2), cpu(2)), PlacementStrategy.PACK));
    assertEquals(m.get(0), m.get(1));
  }

  @Test
  void strictPackPutsAllBundlesOnOneNode() { // Ray case 2
    var m =
        placed(
            BundlePlacer.place(
                cluster(cpu(4), cpu(4)), bundles(cpu(2), cpu(2)), PlacementStrategy.STRICT_PACK));
    assertEquals(m.get(0), m.get(1));
  }

  @Test
  void strictSpreadUsesDistinctNodes() { // Ray case 3
    var m =
        placed(
            BundlePlacer.place(
                cluster(cpu(4), cpu(4), cpu(4)),
                bundles(cpu(2), cpu(2), cpu(2)),
                PlacementStrategy.STRICT_SPREAD));
    assertEquals(3, new HashSet<>(m.values()).size());
  }

  @Test
  void strictSpreadWithMoreBundlesThanNodesIsInfeasibleUntilANodeJoins() { // Ray case 4
    ClusterState c = cluster(cpu(4), cpu(4));
    List<Bundle> b = bundles(cpu(1), cpu(1), cpu(1));
    assertInstanceOf(
        PlacementResult.Infeasible.class,
        BundlePlacer.place(c, b, PlacementStrategy.STRICT_SPREAD));
    c.addNode(2, "n2", cpu(4));
    assertEquals(
        3,
        new HashSet<>(placed(BundlePlacer.place(c, b, PlacementStrategy.STRICT_SPREAD)).values())
            .size());
  }

  @Test
  void strictPackLargerThanAnyNodeIsInfeasibleUntilABigEnoughNodeJoins() { // Ray case 5
    ClusterState c = cluster(cpu(2));
    List<Bundle> b = bundles(Resources.of("CPU", 4, "GPU", 1));
    assertInstanceOf(
        PlacementResult.Infeasible.class, BundlePlacer.place(c, b, PlacementStrategy.STRICT_PACK));
    c.addNode(1, "big", Resources.of("CPU", 4, "GPU", 1));
    assertEquals(1, placed(BundlePlacer.place(c, b, PlacementStrategy.STRICT_PACK)).get(0));
  }

  @Test
  void packWithMissingGpuIsPendingNotInfeasibleInRay29() { // Ray case 6 (and the 2.9 quirk)
    ClusterState c = cluster(cpu(4));
    List<Bundle> b = bundles(Resources.of("GPU", 2), cpu(2));
    assertInstanceOf(
        PlacementResult.Failed.class, BundlePlacer.place(c, b, PlacementStrategy.PACK));
    var later = new BundlePlacer.Options(true);
    assertInstanceOf(
        PlacementResult.Infeasible.class,
        BundlePlacer.place(c, b, PlacementStrategy.PACK, List.of(), later),
        "with infeasibility detection on (newer Ray) it is INFEASIBLE");
    c.addNode(1, "gpu", Resources.of("CPU", 4, "GPU", 4));
    var m = placed(BundlePlacer.place(c, b, PlacementStrategy.PACK));
    assertEquals(1, m.get(0), "the GPU bundle sorts first and lands on the GPU node");
    assertEquals(1, m.get(1), "PACK adds the CPU bundle to the same node");
  }

  @Test
  void spreadThatCannotFitIsPending() { // Ray case 7
    assertInstanceOf(
        PlacementResult.Failed.class,
        BundlePlacer.place(
            cluster(cpu(2)),
            bundles(cpu(2), cpu(2), Resources.of("GPU", 2)),
            PlacementStrategy.SPREAD));
  }

  @Test
  void spreadFallsBackToAnAlreadySelectedNode() {
    var m =
        placed(
            BundlePlacer.place(
                cluster(cpu(4), cpu(1)),
                bundles(cpu(1), cpu(1), cpu(1)),
                PlacementStrategy.SPREAD));
    assertEquals(0, m.get(0));
    assertEquals(1, m.get(1));
    assertEquals(0, m.get(2), "no unused node left: back to the best selected one");
  }

  @Test
  void scorerIsWorstFitPreferringTheMostFreeNode() {
    ClusterState c = cluster(cpu(2), cpu(8), cpu(4));
    assertEquals(1, placed(BundlePlacer.place(c, bundles(cpu(1)), PlacementStrategy.PACK)).get(0));
    assertEquals(0.75, LeastResourceScorer.score(cpu(4), cpu(1)), 1e-12);
    assertEquals(-1, LeastResourceScorer.score(cpu(1), cpu(2)));
  }

  @Test
  void tiesGoToTheLowestNodeId() {
    ClusterState c = new ClusterState();
    c.addNode(7, "x", cpu(4));
    c.addNode(3, "y", cpu(4));
    c.addNode(5, "z", cpu(4));
    assertEquals(
        3, placed(BundlePlacer.place(c, bundles(cpu(1)), PlacementStrategy.SPREAD)).get(0));
  }

  @Test
  void strictSpreadReschedulingAvoidsNodesStillHoldingTheGroup() { // Ray case 12 at decision level
    ClusterState c = cluster(cpu(4), cpu(4), cpu(4), cpu(4));
    List<Bundle> lost = List.of(new Bundle(1, cpu(2)));
    var m =
        placed(
            BundlePlacer.place(
                c,
                lost,
                PlacementStrategy.STRICT_SPREAD,
                List.of(0, 1, 2),
                BundlePlacer.Options.RAY_2_9));
    assertEquals(3, m.get(1));
  }

  @Test
  void bundlesAreSortedGpuFirstThenCustomThenMemoryThenCpuStably() {
    List<Bundle> b =
        bundles(
            cpu(1),
            Resources.of("memory", 5),
            Resources.of("GPU", 1),
            Resources.of("TPU", 1),
            cpu(2),
            cpu(1));
    List<Integer> order = BundlePlacer.sorted(b).stream().map(Bundle::index).toList();
    assertEquals(List.of(2, 3, 1, 4, 0, 5), order);
  }

  @Test
  void placementDoesNotMutateTheClusterView() {
    ClusterState c = cluster(cpu(4), cpu(4));
    BundlePlacer.place(c, bundles(cpu(2), cpu(2), cpu(2)), PlacementStrategy.PACK);
    assertEquals(cpu(4), c.available(0));
    assertEquals(cpu(4), c.available(1));
  }

  @Test
  void noAliveNodesIsInfeasibleForEveryStrategy() {
    for (PlacementStrategy s : PlacementStrategy.values()) {
      assertInstanceOf(
          PlacementResult.Infeasible.class,
          BundlePlacer.place(new ClusterState(), bundles(cpu(1)), s));
    }
  }

  @Test
  void indexAgreesWithABruteForceScanOverEveryNode() {
    java.util.Random rnd = new java.util.Random(42);
    for (int trial = 0; trial < 300; trial++) {
      ClusterState c = new ClusterState();
      List<Resources> avail = new ArrayList<>();
      int n = 1 + rnd.nextInt(30);
      for (int i = 0; i < n; i++) {
        Resources total = Resources.of("CPU", 1 + rnd.nextInt(4), "GPU", rnd.nextInt(3));
        c.addNode(i, "n" + i, total);
        Resources used = Resources.of("CPU", rnd.nextInt(1 + (int) total.amount("CPU")));
        c.acquire(i, used);
        avail.add(total.minus(used));
      }
      Resources req = Resources.of("CPU", 1 + rnd.nextInt(2));
      int expect = -1;
      double best = -1;
      for (int i = 0; i < n; i++) {
        double s = LeastResourceScorer.score(avail.get(i), req);
        if (s >= 0 && s > best) {
          best = s;
          expect = i;
        }
      }
      PlacementResult r = BundlePlacer.place(c, bundles(req), PlacementStrategy.PACK);
      if (expect < 0) {
        assertInstanceOf(PlacementResult.Failed.class, r);
      } else {
        assertEquals(expect, placed(r).get(0), "trial " + trial);
      }
    }
  }

  @Test
  void acquireAndReleaseKeepTheIndexConsistent() {
    ClusterState c = cluster(cpu(4), cpu(4));
    c.acquire(0, cpu(3));
    assertEquals(2, c.distinctAvailable());
    assertEquals(1, placed(BundlePlacer.place(c, bundles(cpu(2)), PlacementStrategy.PACK)).get(0));
    c.release(0, cpu(3));
    assertEquals(1, c.distinctAvailable());
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalStateException.class, () -> c.acquire(1, cpu(5)));
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalStateException.class, () -> c.release(1, cpu(1)));
    c.removeNode(1);
    assertEquals(1, c.aliveCount());
    assertNotEquals(true, c.isAlive(1));
    assertEquals(
        new TreeMap<>(Map.of(0, 0)),
        placed(BundlePlacer.place(c, bundles(cpu(1)), PlacementStrategy.SPREAD)));
  }
}
