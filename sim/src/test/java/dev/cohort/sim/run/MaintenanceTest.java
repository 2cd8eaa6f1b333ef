package dev.cohort.sim.run;

import static dev.cohort.sim.run.SimTesting.checkedRun;
import static dev.cohort.sim.run.SimTesting.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.sim.workload.TimeUse;
import org.junit.jupiter.api.Test;

/** Planned maintenance restarts jobs in place: no node lost, no restart budget spent. */
class MaintenanceTest {
  static final long S = 1_000_000L;
  static final long M = 60 * S;
  static final long H = 60 * M;

  static final String DAILY =
      """
      cluster:
        nodeGroups: [ { name: n, count: 4, resources: { CPU: 1 } } ]
        maintenance: [ { name: firmware, every: 24h, downtime: 10m, checkpointFirst: %s } ]
      jobs:
        - name: train
          replicas: { min: 4 }
          maxRestarts: 0
          work: { total: 400h, checkpointEvery: 1h, checkpointCost: 1m, restartCost: 5m }
      """;

  @Test
  void eachWindowCheckpointsThenPausesForDowntimeAndTheRestartCost() {
    RunResult r = checkedRun(scenario(DAILY.formatted("true")));
    JobResult j = r.job("train");
    assertEquals("SUCCEEDED", j.status(), "maintenance spends no restart budget");
    assertEquals(0, j.restarts());
    long wall = j.time().wall();
    long windows = wall / (24 * H);
    assertTrue(windows >= 4, "the job spans several days: " + windows);
    assertEquals(windows, j.interruptions());
    assertEquals(windows, (long) r.interruptionsByCause().get("firmware"));
    TimeUse t = j.time();
    assertEquals(0, t.recomputed(), "a checkpoint first: nothing is lost");
    assertEquals(windows * 15 * M, t.restart(), "10m downtime + 5m restart cost per window");
    assertEquals(100 * H, t.productive());
  }

  @Test
  void withoutACheckpointFirstTheWorkSinceTheLastOneIsLost() {
    JobResult j = checkedRun(scenario(DAILY.formatted("false"))).job("train");
    assertEquals("SUCCEEDED", j.status());
    TimeUse t = j.time();
    assertTrue(t.recomputed() > 0, "rolled back at each window");
    assertEquals(j.interruptions() * 15 * M, t.restart());
  }

  @Test
  void workDrawnPerReplicaStartsOverAfterTheDowntime() {
    RunResult r =
        checkedRun(
            scenario(
                """
                cluster:
                  nodeGroups: [ { name: n, count: 1, resources: { CPU: 1 } } ]
                  maintenance: [ { every: { distribution: fixed, value: 2h }, downtime: 20m } ]
                jobs: [ { name: a, submitAt: 1h, work: { duration: 90m } } ]
                """));
    JobResult j = r.job("a");
    // Runs from 1h (+2ms commit); the window at 2h throws that away; down until 2h20m; then 90m.
    assertEquals("SUCCEEDED", j.status());
    assertEquals(1, j.interruptions());
    assertEquals(3 * H + 50 * M, j.finishedAt().orElseThrow());
    TimeUse t = j.time();
    assertEquals(90 * M, t.productive());
    assertEquals(H - 2_000, t.recomputed());
    assertEquals(20 * M, t.restart());
    assertEquals(1L, (long) r.interruptionsByCause().get("maintenance"));
  }
}
