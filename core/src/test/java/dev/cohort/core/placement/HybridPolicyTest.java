package dev.cohort.core.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cohort.core.resources.Resources;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The hybrid policy against the cases of Ray's own tests: {@code
 * raylet/scheduling/policy/tests/scheduling_policy_test.cc} (named per test below) and {@code
 * hybrid_scheduling_policy_test.cc}. Node ids are the node order, as there; node 0 is the local
 * (preferred) node where the Ray test has one.
 */
class HybridPolicyTest {
  static final HybridPolicy.Settings AT_051 = new HybridPolicy.Settings(0.51, 0, 1, true);
  static final HybridPolicy.Settings AT_050 = new HybridPolicy.Settings(0.50, 0, 1, true);

  final ClusterState view = new ClusterState();

  /** A node with {@code cpu} of {@code cpuTotal} CPUs free and {@code gpu} of {@code gpuTotal}. */
  void node(int id, double cpu, double cpuTotal, double gpu, double gpuTotal) {
    Map<String, Double> total = new TreeMap<>();
    total.put("CPU", cpuTotal);
    if (gpuTotal > 0) {
      total.put("GPU", gpuTotal);
    }
    view.addNode(id, "n" + id, Resources.of(total));
    Map<String, Double> used = new TreeMap<>();
    if (cpuTotal - cpu > 0) {
      used.put("CPU", cpuTotal - cpu);
    }
    if (gpuTotal - gpu > 0) {
      used.put("GPU", gpuTotal - gpu);
    }
    if (!used.isEmpty()) {
      view.acquire(id, Resources.of(used));
    }
  }

  int choose(Map<String, Double> request, int preferred, HybridPolicy.Settings s) {
    return HybridPolicy.choose(view, Resources.of(request), preferred, s, id -> false, b -> 0);
  }

  @Test
  void criticalResourceUtilizationDefinitionTest() {
    Resources total =
        Resources.of(Map.of("CPU", 2.0, "memory", 1.0, "GPU", 2.0, "object_store_memory", 100.0));
    Resources avail =
        Resources.of(Map.of("CPU", 1.0, "memory", 0.25, "GPU", 1.0, "object_store_memory", 50.0));
    assertEquals(0.75, HybridPolicy.criticalUtilization(total, avail), 1e-9);
    Resources noGpu = Resources.of(Map.of("CPU", 1.0, "memory", 0.25, "object_store_memory", 50.0));
    assertEquals(0.75, HybridPolicy.criticalUtilization(total, noGpu), 1e-9, "GPUs do not count");
    assertEquals(
        0.5,
        HybridPolicy.criticalUtilization(Resources.of("CPU", 2), Resources.of("CPU", 1)),
        1e-9);
  }

  @Test
  void availableTruncationTest() {
    node(0, 1, 2, 0, 0);
    node(1, 0.75, 2, 0, 0);
    assertEquals(0, choose(Map.of("CPU", 1.0), 0, AT_051));
  }

  @Test
  void availableTieBreakTest() {
    node(0, 1, 2, 0, 0);
    node(1, 1.5, 2, 0, 0);
    assertEquals(1, choose(Map.of("CPU", 1.0), 0, AT_050), "the remote node is less used");
  }

  @Test
  void avoidSchedulingCpuRequestsOnGpuNodes() {
    node(0, 10, 10, 1, 1);
    node(1, 1, 2, 0, 0);
    assertEquals(1, choose(Map.of("CPU", 1.0), 0, AT_051));
    assertEquals(0, choose(Map.of("GPU", 1.0), 0, AT_051));
    assertEquals(0, choose(Map.of("CPU", 1.0, "GPU", 1.0), 0, AT_051));
  }

  @Test
  void scheduleCpuRequestsOnGpuNodeAsALastResort() {
    node(0, 0, 10, 0, 0);
    node(1, 1, 1, 1, 1);
    assertEquals(1, choose(Map.of("CPU", 1.0), 0, AT_051));
  }

  @Test
  void nonGpuNodePreferredSchedulingTest() {
    node(0, 2, 2, 1, 1);
    node(1, 2, 2, 0, 0);
    node(2, 3, 3, 0, 0);
    assertEquals(1, choose(Map.of("CPU", 1.0), 0, AT_051));
    assertEquals(2, choose(Map.of("CPU", 3.0), 0, AT_051));
    assertEquals(0, choose(Map.of("CPU", 1.0, "GPU", 1.0), 0, AT_051));
    assertEquals(1, choose(Map.of("CPU", 2.0), 0, AT_051));
  }

  @Test
  void infeasibleTest() {
    node(0, 10, 10, 0, 0);
    node(1, 1, 10, 0, 0);
    assertEquals(-1, choose(Map.of("CPU", 1.0, "GPU", 1.0), 0, AT_050));
  }

  /** hybrid_scheduling_policy_test.cc GetBestNodePrioritizePreferredNode. */
  @Test
  void thePreferredNodeWinsWhenItScoresNoWorseThanTheBest() {
    node(0, 4, 4, 0, 0); // unused: score 0
    node(1, 4, 4, 0, 0);
    node(2, 1, 4, 0, 0); // 75 % used
    assertEquals(0, choose(Map.of("CPU", 1.0), 0, AT_050));
    assertEquals(1, choose(Map.of("CPU", 1.0), 1, AT_050));
    assertEquals(0, choose(Map.of("CPU", 1.0), 2, AT_050), "a busier preferred node loses");
  }

  /**
   * hybrid_scheduling_policy_test.cc GetBestNode: scores {n3: 0.6, n4: 0.7, n1: 0, n2: 0} order as
   * n1, n2, n3, n4; with three candidates the draws 1, 2, 0 pick n2, n3, n1.
   */
  @Test
  void topKIsAUniformDrawOverTheBestCandidatesInScoreThenNodeOrder() {
    node(1, 10, 10, 0, 0);
    node(2, 10, 10, 0, 0);
    node(3, 4, 10, 0, 0); // 0.6
    node(4, 3, 10, 0, 0); // 0.7
    HybridPolicy.Settings three = new HybridPolicy.Settings(0.5, 0, 3, true);
    ArrayDeque<Integer> draws = new ArrayDeque<>(List.of(1, 2, 0));
    List<Integer> picks = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      picks.add(
          HybridPolicy.choose(
              view,
              Resources.of("CPU", 1),
              -1,
              three,
              id -> false,
              bound -> {
                assertEquals(3, bound);
                return draws.poll();
              }));
    }
    assertEquals(List.of(2, 3, 1), picks);
  }

  @Test
  void nodesUnderTheThresholdAreEqualSoThePreferredNodePacksToHalfFirst() {
    node(0, 8, 8, 0, 0);
    node(1, 8, 8, 0, 0);
    HybridPolicy.Settings s = HybridPolicy.Settings.RAY_DEFAULTS;
    int onPreferred = 0;
    for (int i = 0; i < 8; i++) {
      int n = choose(Map.of("CPU", 1.0), 0, s);
      view.acquire(n, Resources.of("CPU", 1));
      onPreferred += n == 0 ? 1 : 0;
    }
    assertEquals(
        4, onPreferred, "node 0 takes work until half full (then it scores 0.5), node 1 the rest");
  }
}
