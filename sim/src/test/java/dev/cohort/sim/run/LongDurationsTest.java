package dev.cohort.sim.run;

import static dev.cohort.sim.run.SimTesting.checkedRun;
import static dev.cohort.sim.run.SimTesting.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cohort.core.spec.Durations;
import org.junit.jupiter.api.Test;

/** Times far beyond a century: rare causes with MTBFs of millennia, work of a big fleet. */
class LongDurationsTest {

  @Test
  void centuriesOfWorkAndABillionHourMtbfRunWithoutOverflow() {
    RunResult r =
        checkedRun(
            scenario(
                """
                horizon: 1000000000h
                cluster:
                  nodeGroups: [ { name: n, count: 8, resources: { CPU: 1 } } ]
                  randomFailures:
                    - { name: chassis, mtbf: 1000000000h, repair: 1d }
                    - { name: cpu, mtbf: { distribution: lognormal, median: 1000000000h, sigma: 3 },
                        repair: 1d }
                jobs:
                  - name: fleet
                    replicas: { min: 8 }
                    maxRestarts: 1000
                    work: { total: 100000d, checkpointEvery: 10000d, checkpointCost: 1h }
                """));
    JobResult j = r.job("fleet");
    assertEquals("SUCCEEDED", j.status());
    assertEquals(0, j.interruptions(), "draws of up to ~10^20 µs saturate instead of wrapping");
    // 12,500 days at 8 replicas, one checkpoint of 1h after 10,000 days of computing.
    long day = Durations.MICROS_PER_DAY;
    assertEquals(2_000 + 12_500 * day + Durations.MICROS_PER_HOUR, j.finishedAt().orElseThrow());
    assertEquals(12_500 * day, j.time().productive());
  }
}
