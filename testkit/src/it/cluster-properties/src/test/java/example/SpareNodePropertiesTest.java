package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.Durations;
import dev.cohort.sim.run.JobResult;
import dev.cohort.sim.run.RunResult;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.run.Simulation;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.testkit.Gen;
import dev.cohort.testkit.ScenarioBuilder;
import dev.cohort.testkit.ScenarioProperty;

/** With one spare node, a gang survives any single node crash and still finishes. */
class SpareNodePropertiesTest {

  /** A gang of 2–6 GPU nodes plus one spare; one node crashes at a drawn time for a drawn while. */
  static Gen<Scenario> oneSpareOneCrash() {
    return Gen.zip(
        Gen.ints(2, 6),
        Gen.durations("1m", "3h"),
        Gen.durations("1m", "12h"),
        (gang, at, outage) ->
            ScenarioBuilder.named("one-spare")
                .horizon("3d")
                .nodes("gpu", gang + 1, Resources.of("GPU", 8))
                .job(
                    "train",
                    j -> j.replicas(gang, gang).resources(Resources.of("GPU", 8)),
                    ScenarioBuilder.checkpointed("20h", "30m", "1m", "5m"))
                .crash("gpu-0", Durations.format(at), Durations.format(outage))
                .build());
  }

  @ScenarioProperty(gen = "oneSpareOneCrash", tries = 60)
  void theGangFinishes(Scenario s) {
    RunResult r = Simulation.run(s, s.seed(), SimOptions.CHECKED); // invariants after every event
    JobResult train = r.job("train");
    assertEquals("SUCCEEDED", train.status(), train.reason());
    assertTrue(train.restarts() <= 1, "one crash, at most one restart: " + train.restarts());
  }
}
