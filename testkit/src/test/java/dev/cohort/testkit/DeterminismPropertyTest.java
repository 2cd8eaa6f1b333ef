package dev.cohort.testkit;

import dev.cohort.sim.report.ReportJson;
import dev.cohort.sim.report.Summary;
import dev.cohort.sim.run.MonteCarlo;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.run.Simulation;
import dev.cohort.testkit.Property.Verdict;
import org.junit.jupiter.api.Test;

/** Property 4: the same seed gives the same trace; 1 or 2 threads give the same report. */
class DeterminismPropertyTest {

  @Test
  void sameSeedSameTraceHash() {
    PropertyCheck.forAll(ScenarioGens.anything())
        .named("same-seed-same-trace")
        .tries(200)
        .check(
            s -> {
              String a = Simulation.run(s, 17, SimOptions.DEFAULT).traceHash();
              String b = Simulation.run(s, 17, SimOptions.CHECKED).traceHash();
              return Verdict.check(a.equals(b), a + " != " + b);
            });
  }

  @Test
  void threadCountNeverChangesTheReport() {
    PropertyCheck.forAll(ScenarioGens.anything())
        .named("threads-same-report")
        .tries(20)
        .check(
            s -> {
              var one =
                  ReportJson.build(
                      Summary.of(MonteCarlo.run(s, 6, 3, 1, SimOptions.DEFAULT, i -> {})));
              var two =
                  ReportJson.build(
                      Summary.of(MonteCarlo.run(s, 6, 3, 2, SimOptions.DEFAULT, i -> {})));
              one.remove("engine");
              two.remove("engine");
              return Verdict.check(one.equals(two), "reports differ between 1 and 2 threads");
            });
  }
}
