package dev.cohort.testkit;

import dev.cohort.sim.run.RunResult;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.run.Simulation;
import dev.cohort.sim.scenario.ScenarioYaml;
import dev.cohort.testkit.Property.Verdict;
import org.junit.jupiter.api.Test;

/**
 * Property 3: over at least 1,000 random scenarios, the invariant checker passes after every event
 * (no over-commit, bundles only on live nodes, legal transitions, at most max replicas, no replica
 * RUNNING outside a placed slot) and every run ends.
 */
class InvariantsPropertyTest {

  @Test
  void invariantsHoldAfterEveryEvent() {
    PropertyCheck.forAll(ScenarioGens.anything())
        .named("invariants")
        .tries(1000)
        .maxSize(10)
        .shrinkWith(new ScenarioShrinker())
        .rendering(ScenarioYaml::write)
        .check(
            s -> {
              try {
                RunResult r = Simulation.run(s, s.seed(), SimOptions.CHECKED);
                return Verdict.check(r.events() > 0, "no events");
              } catch (IllegalStateException e) {
                return Verdict.fail(e.getMessage());
              }
            });
  }
}
