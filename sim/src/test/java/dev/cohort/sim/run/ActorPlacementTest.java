package dev.cohort.sim.run;

import static dev.cohort.sim.run.SimTesting.checkedRun;
import static dev.cohort.sim.run.SimTesting.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.sim.scenario.Scenario;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Plain actors placed as Ray's raylet places them (the hybrid policy), each case as a scenario
 * whose expected outcome comes from Ray's tests: {@code
 * raylet/scheduling/policy/tests/scheduling_policy_test.cc} and {@code
 * hybrid_scheduling_policy_test.cc}.
 */
class ActorPlacementTest {

  static List<String> nodes(RunResult r, String job) {
    return r.job(job).nodes().stream().map(Optional::orElseThrow).toList();
  }

  static final String GPU_CLUSTER =
      """
      horizon: 1d
      gcs: %s
      cluster:
        nodeGroups:
          - { name: gpu, count: 2, resources: { CPU: 8, GPU: 8 } }
          - { name: cpu, count: 2, resources: { CPU: 8 } }
      jobs:
        - { name: prep, replicas: { min: 4, max: 4 }, resources: { CPU: 4 }, reservation: actors,
            work: { duration: 10h } }
        - { name: train, submitAt: 1m, replicas: { min: 2, max: 2 }, resources: { CPU: 8, GPU: 8 },
            work: { duration: 1h } }
      """;

  /**
   * AvoidSchedulingCPURequestsOnGPUNodes and NonGpuNodePreferredSchedulingTest: CPU-only requests
   * go to nodes without GPUs while those can hold them, so the GPU gang that comes later fits at
   * once. Placed by the least-resource scorer instead, the CPU actors land on GPU nodes too and the
   * gang waits for them to finish.
   */
  @Test
  void cpuOnlyActorsLeaveTheGpuNodesToALaterGpuGang() {
    RunResult hybrid = checkedRun(scenario(GPU_CLUSTER.formatted("{}")));
    assertEquals(List.of("cpu-0", "cpu-0", "cpu-1", "cpu-1"), sorted(nodes(hybrid, "prep")));
    assertEquals(60_000_000L + 2_000, hybrid.job("train").startedAt().orElseThrow());

    RunResult leastResource =
        checkedRun(
            scenario(
                GPU_CLUSTER.formatted(
                    "{ tieBreak: registration, actors: { policy: least-resource } }")));
    assertTrue(
        nodes(leastResource, "prep").contains("gpu-0"), nodes(leastResource, "prep")::toString);
    assertTrue(
        leastResource.job("train").startedAt().orElseThrow() >= 10 * 3_600_000_000L,
        "the gang waits for the CPU actors on its GPU nodes");
  }

  static List<String> sorted(List<String> l) {
    return l.stream().sorted().toList();
  }

  /**
   * GetBestNodePrioritizePreferredNode and the spread threshold (scheduler_spread_threshold 0.5):
   * nodes under half used all score 0, and the driver's node wins ties, so it takes actors until it
   * is half full; then the next best node fills to half in the same way.
   */
  @Test
  void theDriversNodeTakesActorsUntilHalfFullThenAnotherNodeDoes() {
    RunResult r =
        checkedRun(
            scenario(
                """
                horizon: 1d
                cluster:
                  nodeGroups: [ { name: n, count: 4, resources: { CPU: 8 } } ]
                jobs:
                  - { name: a, replicas: { min: 8, max: 8 }, resources: { CPU: 1 },
                      reservation: actors, work: { duration: 1h } }
                """));
    List<String> nodes = nodes(r, "a");
    assertEquals(List.of("n-0", "n-0", "n-0", "n-0"), nodes.subList(0, 4), nodes::toString);
    Set<String> rest = new HashSet<>(nodes.subList(4, 8));
    assertEquals(1, rest.size(), nodes::toString);
    assertNotEquals("n-0", rest.iterator().next());
  }

  /**
   * hybrid_scheduling_policy_test.cc GetBestNode: without a usable preferred node the choice is a
   * uniform draw among the top k (here k = ⌊10 × 0.2⌋ = 2). The draws come from the run's seeded
   * streams: a seed always gives the same placement, and seeds differ.
   */
  @Test
  void theTopKDrawIsSeeded() {
    Scenario s =
        scenario(
            """
            horizon: 1d
            cluster:
              nodeGroups:
                - { name: head, count: 1, resources: { memory: 1 } }
                - { name: n, count: 10, resources: { CPU: 8 } }
            jobs:
              - { name: a, replicas: { min: 1, max: 1 }, resources: { CPU: 1 },
                  reservation: actors, work: { duration: 1h } }
            """);
    Set<String> seen = new HashSet<>();
    for (long seed = 1; seed <= 20; seed++) {
      String first = nodes(Simulation.run(s, seed, SimOptions.CHECKED), "a").get(0);
      assertEquals(first, nodes(Simulation.run(s, seed, SimOptions.CHECKED), "a").get(0));
      seen.add(first);
    }
    assertTrue(seen.size() > 2, "different seeds place it differently: " + seen);
  }
}
