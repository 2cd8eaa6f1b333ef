package dev.cohort.driver.conformance;

import static dev.cohort.driver.conformance.ConformanceCase.Capability.NODE_DEATH;
import static dev.cohort.driver.conformance.ConformanceCase.Capability.NODE_JOIN;
import static dev.cohort.driver.conformance.ConformanceCase.Capability.SHARED_CLUSTER;

import dev.cohort.core.resources.Resources;
import dev.cohort.driver.ray.SimulatedRayCluster;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.run.Simulation;
import dev.cohort.sim.scenario.NodeGroupSpec;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioJob;
import dev.cohort.sim.scenario.ScriptedFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * The simulator against the contract: each case becomes a scenario (the same nodes, the jobs'
 * {@code work}, the fault script as scripted failures and late node groups, the same fast GCS the
 * simulated Ray cluster uses) run with every invariant checked after every event, the check that a
 * finished job leaves nothing in the GCS included. Replicas are not processes here, so cases about
 * exit codes, process kills and stop graces are not the simulator's.
 */
class SimulatorConformanceTest extends BackendConformanceTest {

  @Override
  Set<ConformanceCase.Capability> capabilities() {
    return Set.of(NODE_DEATH, NODE_JOIN, SHARED_CLUSTER);
  }

  @Override
  boolean realProcesses() {
    return false;
  }

  @Override
  Observed run(ConformanceCase c) {
    List<NodeGroupSpec> groups = new ArrayList<>();
    for (ConformanceCase.Nodes n : c.nodes()) {
      groups.add(nodes(n, 0));
    }
    List<ScriptedFailure> failures = new ArrayList<>();
    for (ConformanceCase.Fault f : c.faults()) {
      if (f instanceof ConformanceCase.CrashNode n) {
        failures.add(
            new ScriptedFailure(
                n.atMillis() * 1000,
                n.node(),
                n.downForMillis() < 0
                    ? OptionalLong.empty()
                    : OptionalLong.of(n.downForMillis() * 1000)));
      } else if (f instanceof ConformanceCase.AddNodes a) {
        groups.add(nodes(a.nodes(), a.atMillis() * 1000));
      } else {
        throw new IllegalArgumentException("the simulator cannot play " + f);
      }
    }
    List<ScenarioJob> jobs = new ArrayList<>();
    for (ConformanceCase.Job j : c.jobs()) {
      jobs.add(new ScenarioJob(j.submitAtMillis() * 1000, j.spec()));
    }
    Scenario s =
        new Scenario(
            c.name(),
            1,
            3_600_000_000L,
            SimulatedRayCluster.fastGcs(),
            groups,
            failures,
            List.of(),
            jobs,
            List.of());
    Observed o = new Observed(null);
    Simulation.run(s, 1, SimOptions.CHECKED.withObserver(o));
    return o;
  }

  private static NodeGroupSpec nodes(ConformanceCase.Nodes n, long joinAt) {
    return new NodeGroupSpec(
        n.group(), n.count(), Resources.of(n.resources()), new TreeMap<>(), joinAt);
  }

  @Override
  void assertNothingLeft() {
    // The invariant checker ran after every event, its leak family included.
  }
}
