package dev.cohort.sim.run;

import static dev.cohort.sim.run.SimTesting.checkedRun;
import static dev.cohort.sim.run.SimTesting.scenario;
import static dev.cohort.sim.run.SimTesting.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The seed thread's case: 3 nodes × 1 CPU, job 1 is a gang of 3, job 2 needs 1 CPU and arrives
 * later; a node of job 1 crashes and comes back. Placement groups recover job 1; plain actors let
 * job 2 take the returning node and job 1 dies at its rendezvous timeout.
 */
class SeedStarvationTest {

  static String yaml(String reservation) {
    return """
        name: starvation
        seed: 7
        horizon: 6h
        cluster:
          nodeGroups:
            - { name: worker, count: 3, resources: { CPU: 1 } }
          failures:
            - { at: 30m, node: worker-1, downFor: 5m }
        jobs:
          - { name: job-1, replicas: { min: 3, max: 3 }, resources: { CPU: 1 }, reservation: %s,
              work: { duration: 1h } }
          - { name: job-2, submitAt: 5m, replicas: { min: 1, max: 1 }, resources: { CPU: 1 },
              reservation: actors, work: { duration: 1h } }
        """
        .formatted(reservation);
  }

  @Test
  void placementGroupsGiveTheRecoveredNodeBackToJobOne() {
    RunResult r = checkedRun(scenario(yaml("placement-group")));
    JobResult j1 = r.job("job-1");
    JobResult j2 = r.job("job-2");
    assertEquals("SUCCEEDED", j1.status(), j1.reason());
    assertEquals(1, j1.restarts());
    assertEquals(4, j1.replicasStarted());
    // Replica 1 restarts when worker-1 rejoins at 35m and runs its full hour again.
    assertEquals(sec(95 * 60) + 2000, j1.finishedAt().orElseThrow(), "35m + 2ms commit + 1h");
    assertEquals("SUCCEEDED", j2.status());
    assertTrue(
        j2.startedAt().orElseThrow() >= j1.finishedAt().orElseThrow(), "job 2 waits for job 1");
    assertTrue(r.deadlocks().isEmpty());
  }

  @Test
  void plainActorsLetJobTwoTakeTheRecoveredNodeAndJobOneFails() {
    RunResult r = checkedRun(scenario(yaml("actors")));
    JobResult j1 = r.job("job-1");
    JobResult j2 = r.job("job-2");
    assertEquals("FAILED", j1.status());
    assertTrue(j1.reason().startsWith("rendezvous timeout"), j1.reason());
    assertEquals("SUCCEEDED", j2.status());
    assertEquals(
        sec(35 * 60), j2.startedAt().orElseThrow(), "job 2 starts the moment worker-1 rejoins");
    assertEquals("worker-1", j2.nodes().get(0).orElseThrow());
    // Lost at 30m (+ health-check detection), rendezvous timeout 10m later.
    long lostAt = j1.finishedAt().orElseThrow() - sec(600);
    assertTrue(lostAt > sec(1800) && lostAt < sec(1800 + 20), "detected within 20 s: " + lostAt);
  }
}
