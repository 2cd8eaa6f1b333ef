package dev.cohort.sim.run;

import static dev.cohort.sim.run.SimTesting.checkedRun;
import static dev.cohort.sim.run.SimTesting.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.sim.gcs.GcsConfig;
import dev.cohort.sim.report.Summary;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.workload.TimeUse;
import org.junit.jupiter.api.Test;

/**
 * Where a job's time goes (ETTR and its lost parts), checked exactly on scripted runs and against
 * Meta's first-order model (Kokolis et al., HPCA'25) on random failures.
 */
class GoodputTest {
  static final long MS = 1_000L;
  static final long S = 1_000_000L;
  static final long M = 60 * S;
  static final long H = 60 * M;

  static final String ONE_CRASH =
      """
      gcs: { tieBreak: registration }
      cluster:
        nodeGroups: [ { name: n, count: 2, resources: { CPU: 1 } } ]
        failures: [ { at: 330m, node: n-0, name: psu } ]
      jobs:
        - name: train
          maxRestarts: %d
          work: { total: 10h, checkpointEvery: 1h, checkpointCost: 1m, restartCost: 2m }
      """;

  @Test
  void aCrashCostsDetectionRelaunchRestartAndTheWorkSinceTheLastCheckpoint() {
    Scenario s = scenario(ONE_CRASH.formatted(3));
    RunResult r = checkedRun(s);
    JobResult j = r.job("train");
    assertEquals("SUCCEEDED", j.status());
    TimeUse t = j.time();
    // The gang starts at 2ms (one commit); checkpoints complete at 2ms + k·(1h + 1m), the fifth at
    // 5h5m2ms; the crash at 5h30m loses the 25m − 2ms computed since.
    assertEquals(10 * H, t.productive(), "every hour of work is kept in the end");
    assertEquals(25 * M - 2 * MS, t.recomputed());
    assertEquals(9 * M, t.checkpoint(), "nine checkpoints of 1m (none after the last hour)");
    assertEquals(2 * M, t.restart(), "one restart cost; the first start pays none");
    long detection = GcsConfig.DEFAULTS.deathTime(0, 5 * H + 30 * M) - (5 * H + 30 * M);
    assertEquals(2 * MS + detection + 2 * MS, t.queued(), "first commit, detection, re-commit");
    assertEquals(j.finishedAt().orElseThrow() - j.submittedAt(), t.wall());
    assertEquals(10 * H / (double) t.wall(), t.ettr(), 1e-12);
    assertEquals(1, j.interruptions());
    assertEquals(1L, r.interruptionsByCause().get("psu"));
  }

  @Test
  void aJobThatFailsLosesWhatItHadNotSaved() {
    JobResult j = checkedRun(scenario(ONE_CRASH.formatted(0))).job("train");
    assertEquals("FAILED", j.status());
    TimeUse t = j.time();
    assertEquals(5 * H, t.productive(), "five saved hours");
    assertEquals(25 * M - 2 * MS, t.recomputed());
    assertEquals(5 * M, t.checkpoint());
    assertEquals(0, t.restart());
  }

  @Test
  void perReplicaWorkKeepsOnlyTheAttemptThatFinished() {
    RunResult r =
        checkedRun(
            scenario(
                """
                gcs: { tieBreak: registration }
                cluster:
                  nodeGroups: [ { name: n, count: 2, resources: { CPU: 1 } } ]
                  failures: [ { at: 30m, node: n-0 } ]
                jobs: [ { name: a, work: { duration: 1h } } ]
                """));
    TimeUse t = r.job("a").time();
    assertEquals(H, t.productive(), "the second attempt ran its full hour");
    assertEquals(30 * M - 2 * MS, t.recomputed(), "the first attempt's half hour is thrown away");
    assertEquals(0, t.checkpoint());
    assertEquals(1L, r.interruptionsByCause().get("scripted"));
  }

  @Test
  void aJobStillRunningAtTheHorizonKeepsItsUnsavedWork() {
    RunResult r =
        checkedRun(
            scenario(
                """
                horizon: 90m
                cluster: { nodeGroups: [ { name: n, count: 1, resources: { CPU: 1 } } ] }
                jobs: [ { name: a, work: { total: 10h, checkpointEvery: 1h } } ]
                """));
    JobResult j = r.job("a");
    assertEquals("RUNNING", j.status());
    assertEquals(90 * M - 2 * MS, j.time().productive());
    assertEquals(90 * M, j.time().wall());
  }

  /**
   * Meta's first-order model: E[ETTR] ≈ (1 − N·r·(u0 + Δ/2)) / (1 + w/Δ) for N nodes failing at
   * rate r each, restart overhead u0 (here detection, 12–15 s, plus the 3m restart cost),
   * checkpoint interval Δ and blocking write w. At N·r·(u0 + Δ/2) ≈ 0.044 its second-order terms
   * are below 0.01.
   */
  @Test
  void meanEttrUnderRandomFailuresMatchesMetasFirstOrderModel() {
    Scenario s =
        scenario(
            """
            horizon: 400h
            cluster:
              nodeGroups: [ { name: n, count: 20, resources: { CPU: 8, GPU: 8 } } ]
              randomFailures: { name: node, mtbf: 200h, repair: 1h }
            jobs:
              - name: train
                replicas: { min: 16 }
                resources: { GPU: 8 }
                strategy: STRICT_SPREAD
                maxRestarts: 100000
                rendezvousTimeout: 100h
                work: { total: 1600h, checkpointEvery: 1h, checkpointCost: 1m, restartCost: 3m }
            """);
    Summary sum = Summary.of(MonteCarlo.run(s, 30, 1, 2, SimOptions.DEFAULT, i -> {}));
    double n = 16;
    double r = 1 / 200.0;
    double u0 = 3 / 60.0 + 13.5 / 3600;
    double delta = 1;
    double w = 1 / 60.0;
    double model = (1 - n * r * (u0 + delta / 2)) / (1 + w / delta);
    double simulated = sum.jobs().get(0).ettr().mean();
    assertTrue(
        Math.abs(simulated - model) < 0.01,
        "simulated mean ETTR " + simulated + ", first-order model " + model);
    // Interruptions: 16 nodes at 1/200h over the job's wall time.
    double wallHours = sum.jobs().get(0).jct().mean() / 3600;
    double expected = n * r * wallHours;
    double mean = sum.interruptionsByCause().get("node").mean();
    assertTrue(
        Math.abs(mean - expected) < 3 * Math.sqrt(expected / 30),
        "interruptions " + mean + ", expected " + expected);
  }
}
