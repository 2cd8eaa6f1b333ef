package dev.cohort.sim.run;

import static dev.cohort.sim.run.SimTesting.checkedRun;
import static dev.cohort.sim.run.SimTesting.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two gang jobs of 3 on 4 one-CPU nodes. A runs, B holds the fourth node; a node of A crashes and
 * comes back. With plain actors B's queued request takes it, and now each holds 2 and waits for a
 * third: a cycle the wait-for graph names. With placement groups, A's lost bundle has priority and
 * B's gang group holds nothing while it waits, so there is no cycle.
 */
class DeadlockTest {

  static String yaml(String reservation) {
    return """
        horizon: 8h
        cluster:
          nodeGroups: [ { name: n, count: 4, resources: { CPU: 1 } } ]
          failures: [ { at: 20m, node: n-0, downFor: 5m } ]
        jobs:
          - { name: a, replicas: { min: 3, max: 3 }, reservation: %1$s, work: { duration: 1h } }
          - { name: b, submitAt: 1m, replicas: { min: 3, max: 3 }, reservation: %1$s, work: { duration: 1h } }
        """
        .formatted(reservation);
  }

  @Test
  void actorGangsDeadlockAndTheWaitForGraphNamesThem() {
    RunResult r = checkedRun(scenario(yaml("actors")));
    assertEquals(1, r.deadlocks().size(), r.deadlocks().toString());
    assertEquals(List.of("a", "b"), r.deadlocks().get(0).jobs());
    assertEquals("FAILED", r.job("a").status(), "the rendezvous timeout breaks the cycle");
    assertEquals("SUCCEEDED", r.job("b").status());
  }

  @Test
  void placementGroupGangsDoNotDeadlock() {
    RunResult r = checkedRun(scenario(yaml("placement-group")));
    assertTrue(r.deadlocks().isEmpty(), r.deadlocks().toString());
    assertEquals("SUCCEEDED", r.job("a").status());
    assertEquals("SUCCEEDED", r.job("b").status());
  }
}
