package dev.cohort.sim.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.sim.report.FleetSummary;
import dev.cohort.sim.report.Summary;
import dev.cohort.sim.run.MonteCarlo;
import dev.cohort.sim.run.RunResult;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.run.SimTesting;
import dev.cohort.sim.scenario.Scenario;
import org.junit.jupiter.api.Test;

/** The fleet models against closed forms where there is one. */
class FleetModelsTest {
  static MonteCarlo.Study study(String yaml, int runs) {
    Scenario s = SimTesting.scenario(yaml);
    return MonteCarlo.run(s, runs, 1, 2, SimOptions.DEFAULT, d -> {});
  }

  static final String SMALL_JOB =
      """
      jobs:
        - { name: probe, replicas: { min: 1, max: 1 }, resources: { GPU: 1 }, maxRestarts: 1000000,
            rendezvousTimeout: 1000d, work: { total: 10000d, checkpointEvery: 1d } }
      """;

  @Test
  void aBadSubpopulationFailsAtTheWeightedSumOfRates() {
    // 200 nodes, 15 % at 5x, MTBF 100 d, 50 d: expected 0.5 x (170 + 30 x 5) = 160 failures per
    // run,
    // 75 of them on bad nodes (repairs of a minute barely shorten the exposure).
    FleetSummary f =
        Summary.of(
                study(
                    """
                    horizon: 50d
                    cluster:
                      nodeGroups: [ { name: gpu, count: 200, resources: { GPU: 1 } } ]
                      randomFailures: { mtbf: 100d, repair: 1m }
                      nodeClasses: [ { name: bad, share: 0.15, failureRate: 5 } ]
                    """
                        + SMALL_JOB,
                    40))
            .fleet();
    assertEquals(75, f.failuresByClass().get("bad").mean(), 75 * 0.05);
    assertEquals(85, f.failuresByClass().get("default").mean(), 85 * 0.05);
  }

  @Test
  void gangAvailabilityIsTheBinomialChanceThatEnoughNodesAreUp() {
    // Each node is up a share p = MTBF / (MTBF + repair) = 2d / 2.5d = 0.8 of the time, on its own;
    // a gang of 4 on 6 nodes is whole while at least 4 are up: sum_{k>=4} C(6,k) p^k (1-p)^(6-k).
    double p = 0.8;
    double closed = 0;
    for (int k = 4; k <= 6; k++) {
      closed += binomial(6, k) * Math.pow(p, k) * Math.pow(1 - p, 6 - k);
    }
    MonteCarlo.Study st =
        study(
            """
            horizon: 1000d
            cluster:
              nodeGroups: [ { name: gpu, count: 6, resources: { GPU: 8 } } ]
              randomFailures: { mtbf: 2d, repair: { mean: 12h } }
              retirement: { policy: never }
            jobs:
              - { name: gang, replicas: { min: 4, max: 4 }, resources: { GPU: 8 }, maxRestarts: 1000000,
                  rendezvousTimeout: 10000d, work: { total: 100000d, checkpointEvery: 1h } }
            """,
            6);
    double measured = Summary.of(st).jobs().get(0).availability().mean();
    assertEquals(closed, measured, 0.02, "closed form " + closed + ", simulated " + measured);
  }

  @Test
  void theRepairPipelineEndsInItsStagesProbabilities() {
    // Stage 1 fixes 70 %, returns 10 % still faulty, passes 20 % on; stage 2 fixes all it gets.
    FleetSummary f =
        Summary.of(
                study(
                    """
                    horizon: 100d
                    cluster:
                      nodeGroups: [ { name: gpu, count: 100, resources: { GPU: 1 } } ]
                      randomFailures: { mtbf: 20d, repair: 1h }
                      repair:
                        - { name: auto, duration: 10m, fixes: 0.7, falseSuccess: 0.1, recurrence: 1d }
                        - { name: manual, duration: 1d, fixes: 1 }
                    """
                        + SMALL_JOB,
                    10))
            .fleet();
    double fixed = f.counts().get("fixed").mean();
    double faulty = f.counts().get("falseSuccess").mean();
    assertEquals(0.9, fixed / (fixed + faulty), 0.02);
    assertEquals(0, f.counts().get("beyondRepair").mean(), 1e-9);
  }

  @Test
  void misdiagnosisBlamesTheWrongNodeAtItsRate() {
    FleetSummary f =
        Summary.of(
                study(
                    """
                    horizon: 100d
                    cluster:
                      nodeGroups: [ { name: gpu, count: 50, resources: { GPU: 1 } } ]
                      randomFailures: { mtbf: 10d, repair: 1h }
                      diagnosis: { accuracy: 0.75 }
                    """
                        + SMALL_JOB,
                    10))
            .fleet();
    double all = f.failuresByClass().values().stream().mapToDouble(s -> s.mean()).sum();
    assertEquals(0.25, f.counts().get("misdiagnosed").mean() / all, 0.03);
  }

  @Test
  void retirementRunsTheFleetOutAndColdSparesStandIn() {
    String base =
        """
        horizon: 100d
        cluster:
          nodeGroups: [ { name: gpu, count: 6, resources: { GPU: 8 } } ]
          randomFailures: { mtbf: 10d, repair: 4h }
          retirement: { policy: failures, count: 2, window: 100d }
        %s
        jobs:
          - { name: gang, replicas: { min: 5, max: 5 }, resources: { GPU: 8 }, maxRestarts: 1000000,
              rendezvousTimeout: 1000d, work: { total: 10000d, checkpointEvery: 1h } }
        """;
    FleetSummary none = Summary.of(study(base.formatted(""), 4)).fleet();
    assertEquals(4, none.exhaustedRuns(), "every node fails twice in 100 days: the fleet runs out");
    assertTrue(none.counts().get("retired").mean() >= 2);
    Summary withPool = Summary.of(study(base.formatted("  pools: { cold: 20, provision: 1h }"), 4));
    assertTrue(withPool.fleet().counts().get("sparesUsed").mean() > 0);
    assertTrue(
        withPool.fleet().exhaustedRuns() < 4
            || withPool.fleet().exhaustedAt().mean() > none.exhaustedAt().mean(),
        "spares keep the fleet going longer");
  }

  @Test
  void avoidingFailureProneNodesCutsTheGangsInterruptions() {
    String base =
        """
        horizon: 60d
        cluster:
          nodeGroups: [ { name: gpu, count: 40, resources: { GPU: 8 } } ]
          randomFailures: { mtbf: 60d, repair: 1h }
          nodeClasses: [ { name: bad, share: 0.2, failureRate: 10 } ]
        %s
        jobs:
          - { name: gang, replicas: { min: 30, max: 30 }, resources: { GPU: 8 }, strategy: SPREAD,
              maxRestarts: 1000000, rendezvousTimeout: 100d, work: { total: 100000d, checkpointEvery: 1h } }
        """;
    Summary plain = Summary.of(study(base.formatted(""), 6));
    Summary avoiding =
        Summary.of(study(base.formatted("  avoid: { failures: 2, window: 30d }"), 6));
    double before = plain.interruptionsByCause().get("random").mean();
    double after = avoiding.interruptionsByCause().get("random").mean();
    assertTrue(after < 0.85 * before, "interruptions " + before + " -> " + after);
    double badBefore = plain.fleet().failuresByClass().get("bad").mean();
    double badAfter = avoiding.fleet().failuresByClass().get("bad").mean();
    assertTrue(
        badAfter < 0.6 * badBefore,
        "bad nodes fail less once kept out: " + badBefore + " -> " + badAfter);
    assertTrue(avoiding.fleet().counts().get("heldBack").mean() > 0);
    assertTrue(
        avoiding.jobs().get(0).availability().mean() >= plain.jobs().get(0).availability().mean());
  }

  @Test
  void withoutFleetKeysNothingChanges() {
    Scenario s =
        SimTesting.scenario(
            """
            horizon: 10d
            cluster:
              nodeGroups: [ { name: gpu, count: 8, resources: { GPU: 1 } } ]
              randomFailures: { mtbf: 2d, repair: 1h }
            """
                + SMALL_JOB);
    RunResult r = dev.cohort.sim.run.Simulation.run(s, 3, SimOptions.DEFAULT);
    assertFalse(r.fleet().active());
  }

  @Test
  void theExampleRoundTripsThroughTheScenarioWriter() {
    Scenario s =
        dev.cohort.sim.scenario.ScenarioParser.parse(
            java.nio.file.Path.of("..", "examples", "fleet-standbys.yaml"));
    assertTrue(s.cluster().fleet().active());
    Scenario back =
        dev.cohort.sim.scenario.ScenarioParser.parse(
            "back.yaml", dev.cohort.sim.scenario.ScenarioYaml.write(s));
    assertEquals(s.cluster().fleet(), back.cluster().fleet());
  }

  private static double binomial(int n, int k) {
    double c = 1;
    for (int i = 0; i < k; i++) {
      c = c * (n - i) / (i + 1);
    }
    return c;
  }
}
