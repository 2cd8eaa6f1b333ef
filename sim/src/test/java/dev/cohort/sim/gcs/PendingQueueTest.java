package dev.cohort.sim.gcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.cohort.core.placement.PlacementGroupSpec;
import dev.cohort.core.placement.PlacementStrategy;
import dev.cohort.core.port.PgId;
import dev.cohort.core.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pending queue keeps Ray's order (rank, then insertion) however cohorts merge and split. */
class PendingQueueTest {
  final PendingQueue q = new PendingQueue();
  final Shape small =
      new Shape(new Shape.Key(PlacementStrategy.PACK, List.of(Resources.of("CPU", 1))));
  final Shape big =
      new Shape(new Shape.Key(PlacementStrategy.PACK, List.of(Resources.of("CPU", 4))));

  SimPlacementGroup group(String name, Shape shape) {
    SimPlacementGroup g =
        new SimPlacementGroup(
            PlacementGroupSpec.uniform(
                new PgId(name, 0), 1, Resources.of("CPU", 1), PlacementStrategy.PACK),
            0,
            100);
    g.shape = shape;
    return g;
  }

  List<String> order() {
    List<String> out = new ArrayList<>();
    for (PendingQueue.Cohort c : q.cohorts()) {
      for (SimPlacementGroup g = c.head; g != null; g = g.next) {
        out.add(g.id().job() + "@" + c.rank);
      }
    }
    return out;
  }

  @Test
  void groupsAtOneRankWithOneBackoffFormOneCohortInInsertionOrder() {
    for (String n : List.of("a", "b", "c")) {
      q.add(group(n, small), 5, 100, true);
    }
    q.add(group("d", small), 5, 150, true); // another backoff: a cohort of its own
    q.add(group("e", small), 3, 100, true);
    assertEquals(List.of("e@3", "a@5", "b@5", "c@5", "d@5"), order());
    assertEquals(3, q.cohorts().size());
    assertEquals(5, q.size());
  }

  @Test
  void movingACohortKeepsItsOrderAndJoinsTheLastCohortAtTheNewRank() {
    q.add(group("x", small), 9, 100, true);
    for (String n : List.of("a", "b")) {
      q.add(group(n, small), 5, 100, true);
    }
    q.move(q.first(), 9, 100);
    assertEquals(List.of("x@9", "a@9", "b@9"), order());
    assertEquals(1, q.cohorts().size(), "same rank and backoff, inserted last: one cohort");
  }

  @Test
  void detachingBeforeAMemberSplitsWithoutReorderingFromEitherSide() {
    List<SimPlacementGroup> gs = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      SimPlacementGroup g = group("g" + i, i == 5 ? big : small);
      gs.add(g);
      q.add(g, 1, 100, true);
    }
    // Near the end: the suffix is smaller and moves to a new object that keeps the place.
    PendingQueue.Cohort prefix = q.detachBefore(q.first(), gs.get(5));
    assertEquals(5, prefix.size);
    assertEquals(List.of("g5@1", "g6@1"), order());
    assertSame(gs.get(5), q.first().shapes.get(big).head, "shape runs follow the split");
    q.insert(prefix, 2, 150);
    assertEquals(List.of("g5@1", "g6@1", "g0@2", "g1@2", "g2@2", "g3@2", "g4@2"), order());
    // Near the start: the prefix is smaller and moves.
    PendingQueue.Cohort later = q.cohorts().get(1);
    PendingQueue.Cohort first = q.detachBefore(later, gs.get(1));
    assertEquals(1, first.size);
    assertNull(q.detachBefore(later, gs.get(1)), "nothing before the head");
    assertEquals(List.of("g5@1", "g6@1", "g1@2", "g2@2", "g3@2", "g4@2"), order());
  }

  @Test
  void removingAMemberKeepsTheRestAndCountsShapes() {
    SimPlacementGroup a = group("a", small);
    SimPlacementGroup b = group("b", big);
    SimPlacementGroup c = group("c", small);
    q.add(a, 1, 100, true);
    q.add(b, 1, 100, true);
    q.add(c, 1, 100, true);
    assertEquals(2, small.pending);
    q.remove(a);
    assertEquals(List.of("b@1", "c@1"), order());
    assertEquals(1, small.pending);
    assertSame(c, q.first().shapes.get(small).head);
    assertEquals(100, a.backoff, "a leaving member keeps its cohort's backoff");
    q.remove(b);
    q.remove(c);
    assertEquals(0, q.size());
    assertNull(q.first());
  }

  @Test
  void unmergeableCohortsStayAlone() {
    q.add(group("r1", small), 0, 100, false);
    q.add(group("r2", small), 0, 100, false);
    assertEquals(2, q.cohorts().size());
    assertEquals(List.of("r1@0", "r2@0"), order());
  }
}
