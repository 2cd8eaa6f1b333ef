package dev.cohort.core.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.cohort.core.resources.Resources;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrictSpreadOracleTest {

  @Test
  void tellsAGreedyMissFromAnImpossiblePlacement() {
    // Bundle 0 {X} sorts first and ties onto node 0 (lowest id), leaving bundle 1 {Y} nowhere to
    // go; a matching puts bundle 0 on node 1 and bundle 1 on node 0.
    ClusterState c = new ClusterState();
    c.addNode(0, "a", Resources.of("X", 1, "Y", 1));
    c.addNode(1, "b", Resources.of("X", 1));
    List<Bundle> b =
        List.of(new Bundle(0, Resources.of("X", 1)), new Bundle(1, Resources.of("Y", 1)));
    assertInstanceOf(
        PlacementResult.Failed.class, BundlePlacer.place(c, b, PlacementStrategy.STRICT_SPREAD));
    var answer = StrictSpreadOracle.check(c, b, List.of());
    assertEquals(StrictSpreadOracle.Verdict.FITS_NOW, answer.verdict());
    assertEquals(1, answer.witness().get(0));
    assertEquals(0, answer.witness().get(1));
  }

  @Test
  void busyNodesFitWhenFreeAndTooFewNodesAreImpossible() {
    ClusterState c = new ClusterState();
    c.addNode(0, "a", Resources.of("CPU", 2));
    c.addNode(1, "b", Resources.of("CPU", 2));
    c.acquire(0, Resources.of("CPU", 2));
    List<Bundle> two =
        List.of(new Bundle(0, Resources.of("CPU", 1)), new Bundle(1, Resources.of("CPU", 1)));
    assertEquals(
        StrictSpreadOracle.Verdict.FITS_WHEN_FREE,
        StrictSpreadOracle.check(c, two, List.of()).verdict());
    List<Bundle> three =
        List.of(
            new Bundle(0, Resources.of("CPU", 1)),
            new Bundle(1, Resources.of("CPU", 1)),
            new Bundle(2, Resources.of("CPU", 1)));
    assertEquals(
        StrictSpreadOracle.Verdict.IMPOSSIBLE,
        StrictSpreadOracle.check(c, three, List.of()).verdict());
  }

  @Test
  void occupiedNodesAreNotCandidates() {
    ClusterState c = new ClusterState();
    c.addNode(0, "a", Resources.of("CPU", 2));
    c.addNode(1, "b", Resources.of("CPU", 2));
    List<Bundle> one = List.of(new Bundle(3, Resources.of("CPU", 1)));
    assertEquals(1, StrictSpreadOracle.check(c, one, List.of(0)).witness().get(3));
    assertEquals(
        StrictSpreadOracle.Verdict.IMPOSSIBLE,
        StrictSpreadOracle.check(c, one, List.of(0, 1)).verdict());
  }
}
