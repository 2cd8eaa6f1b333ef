package dev.cohort.testkit;

import dev.cohort.core.placement.BundlePlacer;
import dev.cohort.core.placement.ClusterState;
import dev.cohort.core.placement.PlacementGroupSpec;
import dev.cohort.core.placement.PlacementResult;
import dev.cohort.core.port.PgId;
import dev.cohort.sim.run.JobResult;
import dev.cohort.sim.run.RunResult;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.run.Simulation;
import dev.cohort.sim.scenario.NodeGroupSpec;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioJob;
import dev.cohort.sim.scenario.ScenarioYaml;
import dev.cohort.testkit.Property.Verdict;
import org.junit.jupiter.api.Test;

/**
 * Property 5: faults first, then healing (TigerBeetle's two-phase run). Once every crashed node is
 * back and each gang fits the cluster, every placement-group job reaches a terminal state before
 * the horizon.
 */
class LivenessPropertyTest {

  /** Each job's gang group alone fits the cluster with every node up. */
  static boolean everyGangFitsTheHealedCluster(Scenario s) {
    for (ScenarioJob j : s.jobs()) {
      ClusterState empty = new ClusterState();
      int id = 0;
      for (NodeGroupSpec g : s.nodeGroups()) {
        for (int k = 0; k < g.count(); k++) {
          empty.addNode(id++, g.nodeName(k), g.resources());
        }
      }
      var spec = j.spec();
      var gang =
          PlacementGroupSpec.uniform(
              new PgId(spec.name(), 0), spec.replicas().min(), spec.resources(), spec.strategy());
      if (!(BundlePlacer.place(empty, gang.bundles(), spec.strategy())
          instanceof PlacementResult.Placed)) {
        return false;
      }
    }
    return true;
  }

  @Test
  void everyJobEndsOnceFaultsStop() {
    PropertyCheck.forAll(ScenarioGens.faultsThenHealing())
        .named("liveness")
        .tries(300)
        .maxSize(8)
        .shrinkWith(new ScenarioShrinker())
        .assuming(LivenessPropertyTest::everyGangFitsTheHealedCluster)
        .rendering(ScenarioYaml::write)
        .check(
            s -> {
              RunResult r = Simulation.run(s, s.seed(), SimOptions.CHECKED);
              for (JobResult j : r.jobs()) {
                if (!j.finished()) {
                  return Verdict.fail(j.name() + " still " + j.status() + " at the horizon");
                }
              }
              return Verdict.OK;
            });
  }
}
