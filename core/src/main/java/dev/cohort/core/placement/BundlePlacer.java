package dev.cohort.core.placement;

import dev.cohort.core.resources.ResourceNames;
import dev.cohort.core.resources.Resources;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Ray's composite bundle scheduling policy as pure functions over a {@link ClusterState}: which
 * node each unplaced bundle of a placement group goes to, or why it cannot be placed now ({@link
 * PlacementResult.Failed}) or with these nodes at all ({@link PlacementResult.Infeasible}). See
 * {@code docs/gcs-model.md} for the strategy table this follows.
 */
public final class BundlePlacer {

  /** Knobs that differ between Ray versions. */
  public record Options(boolean detectInfeasibleForPackAndSpread) {
    /** Ray 2.9: PACK and SPREAD never report infeasible; they retry for ever. */
    public static final Options RAY_2_9 = new Options(false);
  }

  private BundlePlacer() {}

  /**
   * Places {@code bundles} (the group's unplaced bundles) with {@code strategy}.
   *
   * @param occupied nodes that already hold committed bundles of this group (STRICT_SPREAD must
   *     avoid them when re-placing lost bundles)
   */
  public static PlacementResult place(
      ClusterState cluster,
      List<Bundle> bundles,
      PlacementStrategy strategy,
      Collection<Integer> occupied,
      Options options) {
    if (bundles.isEmpty()) {
      return new PlacementResult.Placed(new int[0], new int[0]);
    }
    if (cluster.aliveCount() == 0) {
      return new PlacementResult.Infeasible("no alive nodes");
    }
    if (options.detectInfeasibleForPackAndSpread()
        && (strategy == PlacementStrategy.PACK || strategy == PlacementStrategy.SPREAD)) {
      for (Bundle b : bundles) {
        if (!cluster.anyTotalFits(b.resources())) {
          return new PlacementResult.Infeasible(
              "bundle " + b.index() + " " + b.resources() + " fits no node's total");
        }
      }
    }
    return switch (strategy) {
      case PACK -> pack(cluster, sorted(bundles));
      case SPREAD -> spread(cluster, sorted(bundles));
      case STRICT_PACK -> strictPack(cluster, bundles);
      case STRICT_SPREAD -> strictSpread(cluster, sorted(bundles), occupied);
    };
  }

  /** Ray's 2.9 defaults. */
  public static PlacementResult place(
      ClusterState cluster, List<Bundle> bundles, PlacementStrategy strategy) {
    return place(cluster, bundles, strategy, List.of(), Options.RAY_2_9);
  }

  /** Stable sort, hardest bundles first (Ray's SortRequiredResources). */
  static List<Bundle> sorted(List<Bundle> bundles) {
    List<Bundle> s = new ArrayList<>(bundles);
    s.sort((a, b) -> ResourceNames.BUNDLE_ORDER.compare(a.resources(), b.resources()));
    return s;
  }

  private static PlacementResult pack(ClusterState cluster, List<Bundle> bundles) {
    try (ClusterState.Trial trial = cluster.trial()) {
      Plan out = new Plan(bundles.size());
      boolean[] placed = new boolean[bundles.size()];
      int remaining = bundles.size();
      int first = 0;
      while (remaining > 0) {
        while (placed[first]) {
          first++;
        }
        Bundle head = bundles.get(first);
        // Every node used so far was touched by the trial, so only untouched nodes compete.
        int node = trial.bestUntouched(head.resources(), id -> false);
        if (node < 0) {
          int left = remaining;
          return new PlacementResult.Failed(
              () -> left + " of " + bundles.size() + " bundles do not fit the free resources");
        }
        for (int i = first; i < bundles.size(); i++) {
          if (!placed[i] && trial.fits(node, bundles.get(i).resources())) {
            trial.take(node, bundles.get(i).resources());
            out.put(bundles.get(i).index(), node);
            placed[i] = true;
            remaining--;
          }
        }
      }
      return out.placed();
    }
  }

  private static PlacementResult spread(ClusterState cluster, List<Bundle> bundles) {
    try (ClusterState.Trial trial = cluster.trial()) {
      Plan out = new Plan(bundles.size());
      for (Bundle b : bundles) {
        // The selected nodes are exactly those the trial touched: prefer an unused node, else the
        // best of the selected ones.
        int node = trial.bestUntouched(b.resources(), id -> false);
        if (node < 0) {
          node = trial.bestTouched(b.resources());
        }
        if (node < 0) {
          return new PlacementResult.Failed(
              () -> "bundle " + b.index() + " " + b.resources() + " fits no node's free resources");
        }
        trial.take(node, b.resources());
        out.put(b.index(), node);
      }
      return out.placed();
    }
  }

  private static PlacementResult strictPack(ClusterState cluster, List<Bundle> bundles) {
    Resources sum = Resources.NONE;
    for (Bundle b : bundles) {
      sum = sum.plus(b.resources());
    }
    int node = cluster.bestNode(sum, id -> false);
    if (node < 0) {
      if (!cluster.anyTotalFits(sum)) {
        return new PlacementResult.Infeasible("no node's total fits the sum " + sum);
      }
      Resources asked = sum;
      return new PlacementResult.Failed(() -> "no node has " + asked + " free");
    }
    Plan out = new Plan(bundles.size());
    for (Bundle b : bundles) {
      out.put(b.index(), node);
    }
    return out.placed();
  }

  private static PlacementResult strictSpread(
      ClusterState cluster, List<Bundle> bundles, Collection<Integer> occupied) {
    Set<Integer> excluded = new HashSet<>();
    for (int id : occupied) {
      if (cluster.isAlive(id)) {
        excluded.add(id);
      }
    }
    int candidates = cluster.aliveCount() - excluded.size();
    if (bundles.size() > candidates) {
      return new PlacementResult.Infeasible(
          bundles.size()
              + " bundles need distinct nodes but only "
              + candidates
              + " are available");
    }
    try (ClusterState.Trial trial = cluster.trial()) {
      Plan out = new Plan(bundles.size());
      for (Bundle b : bundles) {
        // A node chosen in this decision is touched by the trial and so never chosen again; only
        // the nodes holding this group's committed bundles need excluding.
        int node = trial.bestUntouched(b.resources(), excluded::contains);
        if (node < 0) {
          return new PlacementResult.Failed(
              () ->
                  "bundle " + b.index() + " " + b.resources() + " fits no remaining distinct node");
        }
        trial.take(node, b.resources());
        out.put(b.index(), node);
      }
      return out.placed();
    }
  }

  /** Bundle → node choices of one decision, collected in arrays. */
  private static final class Plan {
    final int[] bundles;
    final int[] nodes;
    int size;

    Plan(int n) {
      bundles = new int[n];
      nodes = new int[n];
    }

    void put(int bundle, int node) {
      bundles[size] = bundle;
      nodes[size++] = node;
    }

    PlacementResult.Placed placed() {
      return new PlacementResult.Placed(bundles, nodes);
    }
  }
}
