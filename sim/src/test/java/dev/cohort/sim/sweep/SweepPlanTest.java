package dev.cohort.sim.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.core.spec.SpecException;
import dev.cohort.core.spec.SpecNode;
import dev.cohort.core.spec.SpecReader;
import dev.cohort.core.spec.WorkSpec;
import dev.cohort.sim.run.MonteCarlo;
import dev.cohort.sim.run.RunResult;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.scenario.Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepPlanTest {
  static final String YAML =
      """
      name: plan
      horizon: 10d
      cluster:
        nodeGroups:
          - { name: cpu, count: 2, resources: { CPU: 4 } }
          - { name: gpu.v100, count: 4, resources: { CPU: 8, GPU: 1 } }
        randomFailures: { mtbf: 2d, repair: 1h }
      jobs:
        - { name: train, replicas: { min: 2, max: 4 }, resources: { GPU: 1 },
            work: { total: 40h, checkpointEvery: 1h, checkpointCost: 1m } }
      arrivals:
        - { name: batch, process: fixed, interval: 1h, count: 5,
            job: { work: { total: 2h, checkpointEvery: 30m } } }
      """;

  static SpecNode root(String yaml) {
    return SpecReader.read("plan.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  static SweepPlan plan(String yaml, String... sets) {
    List<SweepParameter> ps = java.util.Arrays.stream(sets).map(SweepParameter::parse).toList();
    return SweepPlan.of(Path.of("plan.yaml"), root(yaml), ps);
  }

  static WorkSpec.Checkpointed work(Scenario s) {
    return (WorkSpec.Checkpointed) s.jobs().get(0).spec().work().orElseThrow();
  }

  @Test
  void cellsAreTheCrossProductFirstParameterSlowest() {
    SweepPlan p =
        plan(
            YAML,
            "jobs.train.work.checkpointEvery=30m,2h",
            "cluster.nodeGroups.gpu.v100.count=4..6/2");
    assertEquals(4, p.cells().size());
    assertEquals(
        List.of(
            "jobs.train.work.checkpointEvery=30m, cluster.nodeGroups.gpu.v100.count=4",
            "jobs.train.work.checkpointEvery=30m, cluster.nodeGroups.gpu.v100.count=6",
            "jobs.train.work.checkpointEvery=2h, cluster.nodeGroups.gpu.v100.count=4",
            "jobs.train.work.checkpointEvery=2h, cluster.nodeGroups.gpu.v100.count=6"),
        p.cells().stream().map(SweepPlan.Cell::label).toList());
    Scenario last = p.cells().get(3).scenario();
    assertEquals(7_200_000_000L, work(last).checkpointEvery());
    assertEquals(6, last.nodeGroups().get(1).count(), "entry names may contain dots");
    assertEquals(2, last.nodeGroups().get(0).count(), "other entries untouched");
  }

  @Test
  void keysNotWrittenCanBeSweptAndArrivalsTemplatesToo() {
    SweepPlan p =
        plan(YAML, "jobs.train.maxRestarts=0,7", "arrivals.batch.job.work.checkpointEvery=10m");
    assertEquals(7, p.cells().get(1).scenario().jobs().get(0).spec().maxRestarts());
    WorkSpec.Checkpointed w =
        (WorkSpec.Checkpointed)
            p.cells().get(0).scenario().arrivals().get(0).template().work().get();
    assertEquals(600_000_000L, w.checkpointEvery());
    SweepPlan g = plan(YAML, "gcs.startLatency=5s");
    assertEquals(5_000_000L, g.cells().get(0).scenario().gcs().startLatency());
  }

  @Test
  void badPathsNameWhatExists() {
    assertEquals(
        "--set jobs.trian.maxRestarts=1: 'jobs' has no entry named 'trian'; its entries are train",
        bad("jobs.trian.maxRestarts=1"));
    assertTrue(bad("cluster.nodeGroups=1").contains("'cluster.nodeGroups' is a list"));
    assertTrue(bad("horizon.days=1").contains("'horizon' is a single value (10d)"));
    assertTrue(bad("jobs..x=1").contains("is not a path"));
  }

  @Test
  void aValueThatMakesABadScenarioNamesTheCell() {
    SpecException e =
        assertThrows(SpecException.class, () -> plan(YAML, "cluster.nodeGroups.cpu.count=1,0"));
    assertTrue(e.getMessage().startsWith("plan.yaml:5:"), e.getMessage());
    assertTrue(e.getMessage().contains("cluster.nodeGroups[0].count"), e.getMessage());
    assertTrue(
        e.getMessage().endsWith("(in the sweep cell cluster.nodeGroups.cpu.count=0)"),
        e.getMessage());
    SpecException unknown =
        assertThrows(SpecException.class, () -> plan(YAML, "jobs.train.work.checkpointEvry=1h"));
    assertTrue(unknown.getMessage().contains("checkpointEvry"), unknown.getMessage());
  }

  @Test
  void theFileSweepSectionIsReadAndTheCommandLineReplacesAKeyOfIt() {
    String yaml =
        YAML
            + "sweep:\n  jobs.train.work.checkpointEvery: [30m, 1h]\n  jobs.train.maxRestarts: 1..3\n";
    SweepPlan fromFile = plan(yaml);
    assertEquals(6, fromFile.cells().size());
    SweepPlan replaced = plan(yaml, "jobs.train.maxRestarts=9");
    assertEquals(2, replaced.cells().size());
    assertEquals("9", replaced.cells().get(1).values().get("jobs.train.maxRestarts"));
    SpecException e =
        assertThrows(
            SpecException.class, () -> plan(YAML + "sweep:\n  jobs.train.maxRestarts: 3..1\n"));
    assertTrue(
        e.getMessage().contains("sweep.jobs.train.maxRestarts")
            || e.getMessage().contains("is empty"),
        e.getMessage());
  }

  @Test
  void everyCellRunsOnTheSameSeedsAndThreadsChangeNothing() {
    SweepPlan p = plan(YAML, "jobs.train.work.checkpointEvery=30m,2h");
    SweepResult one = SweepRunner.run(p, 4, 11, 1, SimOptions.DEFAULT, d -> {});
    SweepResult two = SweepRunner.run(p, 4, 11, 2, SimOptions.DEFAULT, d -> {});
    for (int c = 0; c < 2; c++) {
      MonteCarlo.Study a = one.summary(c).study();
      MonteCarlo.Study b = two.summary(c).study();
      assertEquals(
          a.runs().stream().map(RunResult::traceHash).toList(),
          b.runs().stream().map(RunResult::traceHash).toList());
      assertEquals(List.of(11L, 12L, 13L, 14L), a.runs().stream().map(RunResult::seed).toList());
    }
  }

  private static String bad(String set) {
    return assertThrows(IllegalArgumentException.class, () -> plan(YAML, set)).getMessage();
  }
}
