package dev.cohort.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.SpecException;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.run.Simulation;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioParser;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ScenarioBuilderTest {
  @Test
  void builtInCodeEqualsTheSameScenarioWrittenAsYaml() {
    Scenario built =
        ScenarioBuilder.named("rack")
            .seed(4)
            .horizon("2d")
            .nodes("gpu", 4, Resources.of("CPU", 8, "GPU", 1), Map.of("rack", "r1"), "0s")
            .job(
                "train",
                j -> j.replicas(2, 4).resources(Resources.of("GPU", 1)),
                ScenarioBuilder.hours(10))
            .job("late", "1h", j -> j, ScenarioBuilder.checkpointed("4h", "30m", "1m", "2m"))
            .crash("gpu-0", "1h", "10m")
            .randomFailures("2d", "1h")
            .build();
    Scenario written =
        ScenarioParser.parse(
            "rack.yaml",
            """
            name: rack
            seed: 4
            horizon: 2d
            cluster:
              nodeGroups: [ { name: gpu, count: 4, resources: { CPU: 8, GPU: 1 }, labels: { rack: r1 } } ]
              failures: [ { node: gpu-0, at: 1h, downFor: 10m } ]
              randomFailures: { mtbf: 2d, repair: 1h }
            jobs:
              - { name: train, replicas: { min: 2, max: 4 }, resources: { GPU: 1 }, work: { duration: 10h } }
              - { name: late, submitAt: 1h, work: { total: 4h, checkpointEvery: 30m, checkpointCost: 1m, restartCost: 2m } }
            """);
    assertEquals(written, built);
    assertEquals("SUCCEEDED", Simulation.run(built, 4, SimOptions.CHECKED).job("late").status());
  }

  @Test
  void mistakesAreReportedLikeFileMistakes() {
    SpecException e =
        assertThrows(
            SpecException.class,
            () ->
                ScenarioBuilder.named("bad")
                    .nodes("n", 1, Resources.of("CPU", 1))
                    .job("j", b -> b, ScenarioBuilder.hours(1))
                    .crash("n-7", "1h", "1m")
                    .build());
    assertTrue(e.getMessage().contains("n-7"), e.getMessage());
  }

  @Test
  void theShrinkerPutsNoisyFieldsBackToTheirDefaults() {
    Scenario noisy =
        ScenarioBuilder.named("noisy")
            .nodes("n", 2, Resources.of("CPU", 8))
            .job(
                "j",
                b ->
                    b.resources(Resources.of("CPU", 7))
                        .startTimeout(21_582_000_000L)
                        .maxRestarts(9),
                ScenarioBuilder.hours(1))
            .build();
    var cands = new ScenarioShrinker().candidates(noisy);
    assertTrue(
        cands.stream()
            .anyMatch(c -> c.jobs().get(0).spec().startTimeout().equals(OptionalLong.empty())));
    assertTrue(
        cands.stream()
            .anyMatch(c -> c.jobs().get(0).spec().resources().equals(Resources.of("CPU", 1))));
    assertTrue(cands.stream().anyMatch(c -> c.jobs().get(0).spec().maxRestarts() == 3));
  }
}
