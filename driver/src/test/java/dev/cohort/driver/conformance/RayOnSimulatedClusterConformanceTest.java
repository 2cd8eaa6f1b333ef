package dev.cohort.driver.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cohort.driver.ray.CommandActor;
import dev.cohort.driver.ray.RayBackend;
import dev.cohort.driver.ray.SimulatedRayCluster;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * The Ray adapter on a simulated Ray cluster: the fake GCS and simulated nodes in real time, the
 * real command actor running real processes. Every case runs here, the cluster-mode ones included:
 * groups pending until a node joins, node deaths surfacing as actor deaths, bundles re-placed on
 * other hosts, several drivers sharing one cluster.
 */
class RayOnSimulatedClusterConformanceTest extends BackendConformanceTest {
  SimulatedRayCluster cluster;

  @Override
  Set<ConformanceCase.Capability> capabilities() {
    return EnumSet.allOf(ConformanceCase.Capability.class);
  }

  @Override
  boolean realProcesses() {
    return true;
  }

  @Override
  Observed run(ConformanceCase c) throws Exception {
    cluster = new SimulatedRayCluster(SimulatedRayCluster.fastGcs());
    for (ConformanceCase.Nodes n : c.nodes()) {
      cluster.addNodes(n.group(), n.count(), n.resources());
    }
    SimulatedRayCluster sim = cluster;
    return RealTimeRunner.run(
        c,
        (spec, loop) ->
            new RayBackend(
                spec, loop, sim, new RayBackend.Config(STOP_GRACE_MILLIS, Map.of(), false)),
        new RealTimeRunner.NodeControl() {
          @Override
          public void crash(String node) {
            sim.crashNode(node);
          }

          @Override
          public void restart(String node) {
            sim.restartNode(node);
          }

          @Override
          public void add(ConformanceCase.Nodes nodes) {
            sim.addNodes(nodes.group(), nodes.count(), nodes.resources());
          }
        },
        40_000);
  }

  @Override
  void assertNothingLeft() throws Exception {
    assertEquals(List.of(), cluster.liveGroups(), "placement groups left on the cluster");
    assertEquals(0, cluster.liveActors(), "actors left on the cluster");
    assertEquals(0, cluster.orphanedProcesses(), "processes a real Ray would have orphaned");
    assertEquals(0, CommandActor.liveProcesses(), "command actors still hold processes");
    Leftovers.assertNoChildProcesses();
  }

  @AfterEach
  void closeCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }
}
