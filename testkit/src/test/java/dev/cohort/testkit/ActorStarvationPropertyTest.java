package dev.cohort.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.core.spec.Reservation;
import dev.cohort.sim.run.RunResult;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.run.Simulation;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioParser;
import dev.cohort.sim.scenario.ScenarioYaml;
import dev.cohort.testkit.Property.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Property 2: with plain actors the same claim is false. The kit must find a counterexample and
 * shrink it to the seed thread's story: at most 3 fault events and 2 jobs. The saved YAML must
 * replay to the same failure.
 */
class ActorStarvationPropertyTest {

  static Verdict jobOneCompletes(Scenario s) {
    RunResult r = Simulation.run(s, s.seed(), SimOptions.CHECKED);
    var j1 = r.job("job-1");
    return Verdict.check(
        j1.status().equals("SUCCEEDED"), "job-1 " + j1.status() + ": " + j1.reason());
  }

  static PropertyReport check(String replay) {
    return PropertyCheck.forAll(ScenarioGens.seedFamily(Reservation.ACTORS))
        .named("actors-job-1-completes")
        .tries(300)
        .maxSize(6)
        .replay(replay)
        .shrinkWith(new ScenarioShrinker())
        .assuming(ScenarioGens::isSeedFamily)
        .rendering(ScenarioYaml::write)
        .check(ActorStarvationPropertyTest::jobOneCompletes);
  }

  @Test
  void theKitFindsAndShrinksTheStarvationCounterexample() throws Exception {
    PropertyFailure f = assertThrows(PropertyFailure.class, () -> check(""));
    Scenario shrunk = (Scenario) f.shrunk();
    assertTrue(shrunk.failures().size() <= 3, "faults: " + shrunk.failures());
    assertTrue(shrunk.jobs().size() <= 2, "jobs: " + shrunk.jobs().size());
    PropertyFailure.Details d = f.details().orElseThrow();
    assertTrue(
        f.getMessage().contains("-Dcohort.replay=actors-job-1-completes=" + d.replayToken()),
        f.getMessage());
    assertTrue(f.getMessage().contains("original:"), "the original is shown beside the shrunk one");
    // The token replays that very try, alone: the same value, the same failure.
    PropertyFailure again = assertThrows(PropertyFailure.class, () -> check(d.replayToken()));
    assertEquals(d.original(), again.original());
    assertEquals(d.originalWhy(), again.details().orElseThrow().originalWhy());
    assertTrue(f.getMessage().contains("job-1 FAILED"), f.getMessage());

    Path saved = Path.of("target", "cohort-counterexamples", "actors-job-1-completes.yaml");
    assertTrue(Files.exists(saved));
    Scenario replay = ScenarioParser.parse(saved);
    assertEquals(
        shrunk, replay.withJobs(replay.jobs()), "the YAML reads back to the same scenario");
    assertTrue(!jobOneCompletes(replay).holds(), "the saved file replays the failure");
  }
}
