package dev.cohort.sim.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.sim.run.SimTesting;
import dev.cohort.sim.scenario.Scenario;
import org.junit.jupiter.api.Test;

class CheckpointOptimumTest {
  static Scenario fleet(int nodes, String mtbf, String cost) {
    return SimTesting.scenario(
        """
        cluster:
          nodeGroups: [ { name: gpu, count: %d, resources: { GPU: 8 } } ]
          randomFailures: { mtbf: %s, repair: 1h }
        jobs:
          - { name: train, replicas: { min: 256, max: 256 }, resources: { GPU: 8 },
              work: { total: 3584d, checkpointEvery: 1h, checkpointCost: %s } }
        """
            .formatted(nodes, mtbf, cost));
  }

  @Test
  void youngAndDalyFromTheGangsInterruptionRate() {
    // 256 replicas, a failure per node every 60 days: M = 60 d / 256 = 5.625 h; C = 3 min.
    CheckpointOptimum o =
        CheckpointOptimum.forPath(fleet(264, "60d", "3m"), "jobs.train.work.checkpointEvery")
            .orElseThrow();
    assertEquals(5.625 * 3600e6, o.mtbiMicros(), 1);
    assertEquals(2_700_000_000L, o.youngMicros(), 1, "sqrt(2 * 0.05 h * 5.625 h) = 0.75 h");
    double c = 180e6;
    double m = 5.625 * 3600e6;
    double x = c / (2 * m);
    double daly = Math.sqrt(2 * c * m) * (1 + Math.sqrt(x) / 3 + x / 9) - c;
    assertEquals(daly, o.dalyMicros(), 1);
    assertTrue(o.dalyMicros() < o.youngMicros(), "Daly subtracts the checkpoint cost");
  }

  @Test
  void dalyFallsBackToTheMtbiWhenCheckpointsCostMoreThanTwiceIt() {
    CheckpointOptimum o =
        CheckpointOptimum.forPath(fleet(256, "1d", "4h"), "jobs.train.work.checkpointEvery")
            .orElseThrow();
    assertEquals(o.mtbiMicros(), o.dalyMicros());
  }

  @Test
  void noOptimumForFreeCheckpointsOrOtherPaths() {
    assertTrue(
        CheckpointOptimum.forPath(fleet(256, "1d", "0s"), "jobs.train.work.checkpointEvery")
            .isEmpty());
    assertTrue(
        CheckpointOptimum.forPath(fleet(256, "1d", "1m"), "jobs.train.maxRestarts").isEmpty());
  }
}
