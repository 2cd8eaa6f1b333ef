package dev.cohort.sim.run;

import static dev.cohort.sim.run.SimTesting.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.sim.scenario.Scenario;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class DeterminismTest {
  static final Scenario BUSY =
      scenario(
          """
          name: busy
          seed: 11
          horizon: 2d
          cluster:
            nodeGroups:
              - { name: w, count: 12, resources: { CPU: 4, GPU: 1 }, labels: { rack: r1 } }
              - { name: v, count: 12, resources: { CPU: 4, GPU: 1 }, labels: { rack: r2 } }
            randomFailures:
              - { mtbf: 2d, repair: { median: 20m, sigma: 0.5 } }
              - { mtbf: 20d, repair: 1h, label: rack }
          jobs:
            - { name: big, replicas: { min: 4, max: 8 }, resources: { GPU: 1 },
                work: { total: 20h, checkpointEvery: 30m, checkpointCost: 1m, restartCost: 2m } }
          arrivals:
            - { name: batch, process: poisson, ratePerHour: 2, count: 40,
                job: { replicas: { min: 1, max: 2 }, resources: { GPU: 1 },
                       work: { duration: { median: 1h, sigma: 0.4 } } } }
          """);

  @Test
  void sameScenarioAndSeedGiveTheSameTraceHash() {
    RunResult a = Simulation.run(BUSY, 5, SimOptions.DEFAULT.withGeneratedJobs(true));
    RunResult b = Simulation.run(BUSY, 5, SimOptions.CHECKED);
    assertEquals(
        a.traceHash(), b.traceHash(), "checks and timelines observe without changing anything");
    assertEquals(a.events(), b.events());
    assertEquals(a.jobs(), b.jobs());
    assertEquals(a.sources(), b.sources());
    assertEquals(
        Simulation.run(BUSY, 5, SimOptions.DEFAULT).sources(),
        a.sources(),
        "listing generated jobs one by one changes no aggregate");
    assertTrue(a.events() > 300, "a busy run: " + a.events());
  }

  @Test
  void aDifferentSeedGivesADifferentRun() {
    assertNotEquals(
        Simulation.run(BUSY, 5, SimOptions.DEFAULT).traceHash(),
        Simulation.run(BUSY, 6, SimOptions.DEFAULT).traceHash());
  }

  @Test
  void addingAJobDoesNotChangeTheFailuresOthersSee() {
    Scenario fewer = BUSY.withJobs(java.util.List.of());
    StringWriter w1 = new StringWriter();
    StringWriter w2 = new StringWriter();
    Simulation.run(BUSY, 5, SimOptions.DEFAULT.withTraceLines(w1));
    Simulation.run(fewer, 5, SimOptions.DEFAULT.withTraceLines(w2));
    var c1 = crashes(w1.toString());
    var c2 = crashes(w2.toString());
    int n = Math.min(c1.size(), c2.size());
    assertTrue(n > 5, "enough crashes to compare: " + n);
    assertEquals(c1.subList(0, n), c2.subList(0, n));
  }

  private static java.util.List<String> crashes(String lines) {
    return lines
        .lines()
        .filter(l -> l.contains("\"e\":\"node-crash\"") || l.contains("domain-crash"))
        .toList();
  }

  @Test
  void traceLinesAreJson() {
    StringWriter w = new StringWriter();
    Simulation.run(BUSY, 5, SimOptions.DEFAULT.withTraceLines(w));
    String first = w.toString().lines().findFirst().orElseThrow();
    assertTrue(first.startsWith("{\"t\":0,\"e\":\"node-join\""), first);
  }
}
