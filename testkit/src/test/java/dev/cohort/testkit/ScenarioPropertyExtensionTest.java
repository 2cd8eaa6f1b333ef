package dev.cohort.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.cohort.sim.scenario.Scenario;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** The JUnit 5 extension as a user meets it: run through JUnit's own engine. */
class ScenarioPropertyExtensionTest {

  /** Properties the tests below run (a nested class: Surefire does not run it by itself). */
  static class Samples {
    static Gen<Integer> upToAThousand() {
      return Gen.sized(0, 1000);
    }

    static Gen<Integer> anyUpToAThousand() {
      return Gen.ints(0, 1000);
    }

    static boolean never(int x) {
      return false;
    }

    @ScenarioProperty(gen = "anyUpToAThousand", tries = 200)
    void lessThanFive(int x) {
      assertTrue(x < 5, "x = " + x);
    }

    @ScenarioProperty(gen = "upToAThousand", tries = 50)
    void nonNegative(int x) {
      assertTrue(x >= 0);
    }

    @ScenarioProperty(gen = "upToAThousand", assuming = "never")
    void premiseRejectsEverything(int x) {}

    @ScenarioProperty(gen = "upToAThousand", tries = 20)
    void junitAssumptionsDiscard(int x) {
      Assumptions.assumeTrue(x % 2 == 0);
    }

    @ScenarioProperty(tries = 30)
    void everyScenarioHasANode(Scenario s) {
      assertTrue(s.nodeCount() > 0);
    }

    @ScenarioProperty(tries = 30, name = "fewer-than-two-jobs")
    void fewerThanTwoJobs(Scenario s) {
      assertTrue(s.jobs().size() < 2, "jobs: " + s.jobs().size());
    }
  }

  @AfterEach
  void noReplay() {
    System.clearProperty("cohort.replay");
  }

  static EngineExecutionResults run(String method, String param) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectMethod(Samples.class, method, param))
        .execute();
  }

  static Throwable failure(EngineExecutionResults r) {
    List<Event> failed = r.testEvents().failed().list();
    assertEquals(1, failed.size(), () -> r.testEvents().list().toString());
    return failed
        .get(0)
        .getPayload(org.junit.platform.engine.TestExecutionResult.class)
        .orElseThrow()
        .getThrowable()
        .orElseThrow();
  }

  static Map<String, String> entries(EngineExecutionResults r) {
    return r.allEvents().reportingEntryPublished().stream()
        .map(e -> e.getPayload(ReportEntry.class).orElseThrow())
        .flatMap(e -> e.getKeyValuePairs().entrySet().stream())
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> b));
  }

  @Test
  void anAssertionFailureIsShrunkAndItsTokenReplaysThatVeryTry() {
    EngineExecutionResults r = run("lessThanFive", "int");
    PropertyFailure f = assertInstanceOf(PropertyFailure.class, failure(r));
    PropertyFailure.Details d = f.details().orElseThrow();
    assertEquals(5, d.shrunk(), "shrunk to the boundary");
    assertTrue(((Integer) d.original()) > 5, "drawn from the whole range: " + d.original());
    assertInstanceOf(AssertionError.class, f.getCause(), "JUnit's assertion is the cause");
    assertTrue(
        f.getMessage().contains("why: AssertionFailedError: x = " + d.original()), f.getMessage());
    assertTrue(f.getMessage().contains("now: AssertionFailedError: x = 5"), f.getMessage());
    String token = "Samples.lessThanFive=" + d.replayToken();
    assertTrue(f.getMessage().contains("-Dcohort.replay=" + token), f.getMessage());
    assertEquals("-Dcohort.replay=" + token, entries(r).get("cohort.replay"));

    System.setProperty("cohort.replay", token);
    PropertyFailure again =
        assertInstanceOf(PropertyFailure.class, failure(run("lessThanFive", "int")));
    assertEquals(d.original(), again.original(), "the replay regenerates the failing value");
    assertEquals(0, again.details().orElseThrow().passedBefore(), "and runs it alone");
    EngineExecutionResults other = run("nonNegative", "int");
    assertEquals(1, other.testEvents().succeeded().count(), "other properties run as usual");
    assertTrue(entries(other).get("cohort.property").contains("held for 50 tries"));
  }

  @Test
  void aPremiseThatRejectsEverythingFailsInsteadOfPassingEmpty() {
    Throwable t = failure(run("premiseRejectsEverything", "int"));
    assertTrue(
        t.getMessage().contains("gave up: 600 of 600 generated values were discarded"),
        t.getMessage());
  }

  @Test
  void junitAssumptionsCountAsDiscards() {
    EngineExecutionResults r = run("junitAssumptionsDiscard", "int");
    assertEquals(1, r.testEvents().succeeded().count());
    String summary = entries(r).get("cohort.property");
    assertTrue(
        summary.startsWith("property 'Samples.junitAssumptionsDiscard' held for 20 tries ("),
        summary);
    assertTrue(!summary.contains("(0 discarded)"), summary);
  }

  @Test
  void scenarioParametersGetScenarioGeneratorsAndShrinking() {
    assertEquals(
        1,
        run("everyScenarioHasANode", "dev.cohort.sim.scenario.Scenario")
            .testEvents()
            .succeeded()
            .count());
    PropertyFailure f =
        assertInstanceOf(
            PropertyFailure.class,
            failure(run("fewerThanTwoJobs", "dev.cohort.sim.scenario.Scenario")));
    Scenario shrunk = (Scenario) f.shrunk();
    assertEquals(2, shrunk.jobs().size(), "shrunk to the smallest failing job count");
    assertTrue(f.getMessage().contains("saved as "), f.getMessage());
    assertTrue(f.getMessage().contains("-Dcohort.replay=fewer-than-two-jobs="), f.getMessage());
  }
}
