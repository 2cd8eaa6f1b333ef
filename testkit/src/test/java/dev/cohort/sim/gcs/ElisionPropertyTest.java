package dev.cohort.sim.gcs;

import dev.cohort.sim.run.RunResult;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.run.Simulation;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioYaml;
import dev.cohort.testkit.Gen;
import dev.cohort.testkit.Property.Verdict;
import dev.cohort.testkit.PropertyCheck;
import dev.cohort.testkit.ScenarioGens;
import dev.cohort.testkit.ScenarioShrinker;
import org.junit.jupiter.api.Test;

/**
 * The fake GCS elides placement decisions known to fail and ticks at which nothing could be placed.
 * That is a speed-up only: every run must come out exactly as with Ray's process run literally (a
 * tick every second, every decision computed): the same job outcomes and times, the same
 * utilization, the same deadlocks.
 */
class ElisionPropertyTest {

  static Verdict sameAsLiteral(Scenario s) {
    RunResult elided = Simulation.run(s, s.seed(), SimOptions.CHECKED);
    RunResult literal =
        Simulation.run(s.withGcs(s.gcs().withElideRetries(false)), s.seed(), SimOptions.CHECKED);
    if (!elided.jobs().equals(literal.jobs())) {
      for (int i = 0; i < elided.jobs().size(); i++) {
        if (!elided.jobs().get(i).equals(literal.jobs().get(i))) {
          return Verdict.fail(
              "elided " + elided.jobs().get(i) + " literal " + literal.jobs().get(i));
        }
      }
    }
    if (elided.utilization() != literal.utilization()) {
      return Verdict.fail("utilization " + elided.utilization() + " vs " + literal.utilization());
    }
    return Verdict.check(
        elided.deadlocks().equals(literal.deadlocks()),
        "deadlocks " + elided.deadlocks() + " vs " + literal.deadlocks());
  }

  static void check(String name, Gen<Scenario> gen, int tries) {
    PropertyCheck.forAll(gen)
        .named(name)
        .tries(tries)
        .maxSize(10)
        .shrinkWith(new ScenarioShrinker())
        .rendering(ScenarioYaml::write)
        .check(ElisionPropertyTest::sameAsLiteral);
  }

  @Test
  void elisionChangesNothingUnderContention() {
    check("elision-contended", ScenarioGens.contended(), 150);
  }

  @Test
  void elisionChangesNothingAnywhere() {
    check("elision-anything", ScenarioGens.anything(), 200);
  }
}
