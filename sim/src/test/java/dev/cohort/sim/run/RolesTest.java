package dev.cohort.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioParser;
import dev.cohort.sim.scenario.ScenarioYaml;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A gang of roles of different shapes, placed as Ray places bundles of different shapes. */
class RolesTest {
  static final String YAML =
      """
      horizon: 1d
      cluster:
        nodeGroups:
          - { name: gpu, count: 2, resources: { CPU: 4, GPU: 1 } }
          - { name: cpu, count: 1, resources: { CPU: 1 } }
      jobs:
        - name: app
          strategy: SPREAD
          work: { duration: 1h }
          roles:
            - { name: trainer, replicas: 2, resources: { CPU: 2, GPU: 1 } }
            - { name: reader, resources: { CPU: 1 } }
      """;

  @Test
  void eachReplicaLandsOnANodeThatFitsItsOwnShape() {
    Scenario s = SimTesting.scenario(YAML);
    RunResult r = SimTesting.checkedRun(s); // invariants after every event
    JobResult app = r.job("app");
    assertEquals("SUCCEEDED", app.status(), app.reason());
    assertTrue(app.nodes().get(0).orElseThrow().startsWith("gpu-"), app.nodes().toString());
    assertTrue(app.nodes().get(1).orElseThrow().startsWith("gpu-"), app.nodes().toString());
    assertEquals(Optional.of("cpu-0"), app.nodes().get(2), "the reader fits only the CPU node");
  }

  @Test
  void aGangWhoseRoleFitsNoNodeWaits() {
    Scenario s =
        SimTesting.scenario(
            YAML.replace(
                "{ name: reader, resources: { CPU: 1 } }",
                "{ name: reader, resources: { CPU: 5 } }"));
    RunResult r = SimTesting.checkedRun(s);
    assertEquals(Optional.empty(), r.job("app").startedAt(), "no node can hold a 5-CPU reader");
  }

  @Test
  void rolesRoundTripThroughTheScenarioWriter() {
    Scenario s = SimTesting.scenario(YAML);
    assertEquals(s, ScenarioParser.parse("back.yaml", ScenarioYaml.write(s)));
  }
}
