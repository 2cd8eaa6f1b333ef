package dev.cohort.sim.testkit;

import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioParser;
import dev.cohort.sim.testkit.Property.Verdict;
import org.junit.jupiter.api.Test;

/** The writer's output reads back to the same scenario, for every generator. */
class ScenarioYamlTest {

  static Verdict roundTrips(Scenario s) {
    String yaml = ScenarioYaml.write(s);
    Scenario back = ScenarioParser.parse("roundtrip.yaml", yaml);
    return Verdict.check(back.equals(s), "differs after a round trip:\n" + yaml);
  }

  @Test
  void everyGeneratedScenarioRoundTrips() {
    PropertyCheck.forAll(ScenarioGens.anything())
        .named("yaml-anything")
        .tries(300)
        .check(ScenarioYamlTest::roundTrips);
    PropertyCheck.forAll(ScenarioGens.seedFamily(dev.cohort.core.spec.Reservation.ACTORS))
        .named("yaml-seed")
        .tries(50)
        .check(ScenarioYamlTest::roundTrips);
    PropertyCheck.forAll(ScenarioGens.faultsThenHealing())
        .named("yaml-heal")
        .tries(50)
        .check(ScenarioYamlTest::roundTrips);
    PropertyCheck.forAll(ScenarioGens.elastic())
        .named("yaml-elastic")
        .tries(50)
        .check(ScenarioYamlTest::roundTrips);
  }
}
