package dev.cohort.testkit;

import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioParser;
import dev.cohort.sim.scenario.ScenarioYaml;
import dev.cohort.testkit.Property.Verdict;
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

  @Test
  void tracesNamedCausesAndMaintenanceRoundTrip(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws java.io.IOException {
    java.nio.file.Files.writeString(tmp.resolve("jobs.csv"), "t,d,g\n5,60,16\n0,30,1\n");
    java.nio.file.Files.writeString(tmp.resolve("spot.csv"), "0,add,s1\n60000,remove,s1\n");
    Scenario s =
        ScenarioParser.parseText(
                "x.yaml",
                """
                cluster:
                  nodeGroups: [ { name: g, count: 2, resources: { CPU: 8, GPU: 8 } } ]
                  availabilityTrace: { file: spot.csv, name: spot, resources: { CPU: 2 },
                                       labels: { zone: a } }
                  failures: [ { at: 1h, node: s1, name: psu }, { at: 2h, node: g-1 } ]
                  randomFailures:
                    - { name: gpu, mtbf: 1000h, repair: 2h }
                    - { mtbf: { distribution: fixed, value: 90h }, repair: 1h }
                  maintenance: [ { name: fw, every: 27h, downtime: 10m, checkpointFirst: false } ]
                arrivals:
                  - name: t
                    trace: { file: jobs.csv, columns: { submit: t, duration: d, gpus: g },
                             gpusPerReplica: 8, window: { from: 1s, to: 1h }, timeScale: 0.5,
                             limit: 10 }
                    job: { resources: { CPU: 1 }, work: { checkpointEvery: 30m, restartCost: 1m } }
                """,
                tmp)
            .base();
    Verdict v = roundTrips(s);
    org.junit.jupiter.api.Assertions.assertTrue(v.holds(), v.toString());
  }
}
