package dev.cohort.testkit;

import dev.cohort.core.spec.Reservation;
import dev.cohort.sim.run.RunResult;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.run.Simulation;
import dev.cohort.sim.scenario.ScenarioYaml;
import dev.cohort.testkit.Property.Verdict;
import org.junit.jupiter.api.Test;

/**
 * Property 1: with placement groups, job 1 of the seed's 3-node family completes whatever faults
 * hit it, as long as lost capacity returns before the rendezvous timeout, and whatever later jobs
 * compete for the nodes.
 */
class PlacementGroupRecoveryPropertyTest {

  @Test
  void jobOneAlwaysCompletesWhenCapacityReturnsInTime() {
    PropertyCheck.forAll(ScenarioGens.seedFamily(Reservation.PLACEMENT_GROUP))
        .named("pg-job-1-completes")
        .tries(300)
        .maxSize(6)
        .shrinkWith(new ScenarioShrinker())
        .assuming(ScenarioGens::isSeedFamily)
        .rendering(ScenarioYaml::write)
        .check(
            s -> {
              RunResult r = Simulation.run(s, s.seed(), SimOptions.CHECKED);
              var j1 = r.job("job-1");
              return Verdict.check(
                  j1.status().equals("SUCCEEDED"), "job-1 " + j1.status() + ": " + j1.reason());
            });
  }
}
