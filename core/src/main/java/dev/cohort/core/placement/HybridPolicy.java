package dev.cohort.core.placement;

import dev.cohort.core.resources.ResourceNames;
import dev.cohort.core.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * Where Ray's raylet puts a task or actor lease with its default (hybrid) policy ({@code
 * raylet/scheduling/policy/hybrid_scheduling_policy.cc}): each node that can hold the request now
 * gets a score, its critical resource utilisation (the highest of 1 − available/total over CPU,
 * memory and object store memory; GPUs do not count), cut to 0 below the spread threshold, so nodes
 * under half full are equally good. The preferred node (the owner's, i.e. the driver's) wins if it
 * is available and scores no worse than the best; otherwise the choice is uniform among the first k
 * nodes by score, then node order, with k = max(topKAbsolute, ⌊nodes × topKFraction⌋). A request
 * without GPUs first tries nodes without GPUs and only falls back to GPU nodes when none of those
 * can hold it ({@code scheduler_avoid_gpu_nodes}).
 *
 * <p>Only nodes that can hold the request now are chosen: a waiting request stays in its queue
 * until one can (Ray would also pin it to a busy feasible node; see docs/gcs-model.md).
 */
public final class HybridPolicy {

  /**
   * The policy's settings, with Ray's names and defaults ({@code ray_config_def.h}).
   *
   * @param spreadThreshold {@code scheduler_spread_threshold} (0.5)
   * @param topKFraction {@code scheduler_top_k_fraction} (0.2)
   * @param topKAbsolute {@code scheduler_top_k_absolute} (1)
   * @param avoidGpuNodes {@code scheduler_avoid_gpu_nodes} (true)
   */
  public record Settings(
      double spreadThreshold, double topKFraction, int topKAbsolute, boolean avoidGpuNodes) {
    public static final Settings RAY_DEFAULTS = new Settings(0.5, 0.2, 1, true);

    public Settings {
      if (!(spreadThreshold >= 0 && spreadThreshold <= 1)) {
        throw new IllegalArgumentException("spreadThreshold must be between 0 and 1");
      }
      if (!(topKFraction >= 0 && topKFraction <= 1)) {
        throw new IllegalArgumentException("topKFraction must be between 0 and 1");
      }
      if (topKAbsolute < 1) {
        throw new IllegalArgumentException("topKAbsolute must be at least 1");
      }
    }
  }

  private HybridPolicy() {}

  /**
   * The node for {@code request}, or −1 when no node can hold it now.
   *
   * @param preferred the owner's node, or −1 for none
   * @param excluded nodes that must not be chosen (e.g. crashed, not yet declared dead)
   * @param uniform draws an int uniformly from [0, bound), for the top-k choice
   */
  public static int choose(
      ClusterState view,
      Resources request,
      int preferred,
      Settings s,
      IntPredicate excluded,
      IntUnaryOperator uniform) {
    if (!s.avoidGpuNodes() || request.units(ResourceNames.GPU) > 0) {
      return chooseAmong(view, request, preferred, s, excluded, uniform, Filter.ANY);
    }
    int node = chooseAmong(view, request, preferred, s, excluded, uniform, Filter.NO_GPU);
    return node >= 0
        ? node
        : chooseAmong(view, request, preferred, s, excluded, uniform, Filter.ANY);
  }

  private enum Filter {
    ANY,
    NO_GPU
  }

  /** Critical resource utilisation of a node, as Ray computes it. */
  public static double criticalUtilization(Resources total, Resources available) {
    double highest = 0;
    for (String r :
        new String[] {ResourceNames.CPU, ResourceNames.MEMORY, ResourceNames.OBJECT_STORE_MEMORY}) {
      long t = total.units(r);
      if (t == 0) {
        continue;
      }
      double u = 1 - (double) available.units(r) / t;
      highest = Math.max(highest, u);
    }
    return highest;
  }

  private static double score(ClusterState view, int id, double threshold) {
    double u = criticalUtilization(view.total(id), view.available(id));
    return u < threshold ? 0 : u;
  }

  private static int chooseAmong(
      ClusterState view,
      Resources request,
      int preferred,
      Settings s,
      IntPredicate excluded,
      IntUnaryOperator uniform,
      Filter filter) {
    List<long[]> candidates = new ArrayList<>(); // {id, tie key, score bits}
    for (int id : view.aliveIds()) { // in tie order
      if (excluded.test(id)) {
        continue;
      }
      Resources total = view.total(id);
      if (filter == Filter.NO_GPU && total.units(ResourceNames.GPU) > 0) {
        continue;
      }
      if (!total.fits(request) || !view.available(id).fits(request)) {
        continue;
      }
      double sc = score(view, id, s.spreadThreshold());
      candidates.add(new long[] {id, view.tieKey(id), Double.doubleToLongBits(sc)});
    }
    if (candidates.isEmpty()) {
      return -1;
    }
    // Ties by node order first, then by score, keeping that order among equal scores.
    candidates.sort(
        (a, b) -> Double.compare(Double.longBitsToDouble(a[2]), Double.longBitsToDouble(b[2])));
    double best = Double.longBitsToDouble(candidates.get(0)[2]);
    if (preferred >= 0) {
      for (long[] c : candidates) {
        if (c[0] == preferred) {
          if (Double.longBitsToDouble(c[2]) <= best) {
            return preferred;
          }
          break;
        }
      }
    }
    int k = Math.max(s.topKAbsolute(), (int) (view.aliveCount() * s.topKFraction()));
    int bound = Math.min(k, candidates.size());
    int index = bound <= 1 ? 0 : uniform.applyAsInt(bound);
    return (int) candidates.get(index)[0];
  }
}
