package dev.cohort.core.placement;

import java.util.Arrays;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The outcome of one placement decision, as Ray's bundle scheduling policy reports it. */
public sealed interface PlacementResult {

  /**
   * Every requested bundle has a node. Held as two arrays in ascending bundle order, because a
   * simulator makes millions of these; {@link #nodeOfBundle()} gives the map view.
   */
  final class Placed implements PlacementResult {
    private final int[] bundles;
    private final int[] nodes;

    /** Bundle {@code bundles[i]} goes to node {@code nodes[i]}; bundles in any order. */
    public Placed(int[] bundles, int[] nodes) {
      if (bundles.length != nodes.length) {
        throw new IllegalArgumentException("bundles and nodes differ in length");
      }
      boolean sorted = true;
      for (int i = 1; i < bundles.length && sorted; i++) {
        sorted = bundles[i - 1] < bundles[i];
      }
      if (sorted) {
        this.bundles = bundles.clone();
        this.nodes = nodes.clone();
        return;
      }
      Integer[] order = new Integer[bundles.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Integer.compare(bundles[a], bundles[b]));
      this.bundles = new int[bundles.length];
      this.nodes = new int[bundles.length];
      for (int i = 0; i < order.length; i++) {
        this.bundles[i] = bundles[order[i]];
        this.nodes[i] = nodes[order[i]];
      }
    }

    /** A placement from a bundle → node map. */
    public Placed(SortedMap<Integer, Integer> nodeOfBundle) {
      this(
          nodeOfBundle.keySet().stream().mapToInt(Integer::intValue).toArray(),
          nodeOfBundle.values().stream().mapToInt(Integer::intValue).toArray());
    }

    /** Number of bundles placed. */
    public int size() {
      return bundles.length;
    }

    /** Index of the i-th placed bundle (ascending). */
    public int bundle(int i) {
      return bundles[i];
    }

    /** Node of the i-th placed bundle. */
    public int node(int i) {
      return nodes[i];
    }

    /** Bundle index → node id. */
    public SortedMap<Integer, Integer> nodeOfBundle() {
      TreeMap<Integer, Integer> m = new TreeMap<>();
      for (int i = 0; i < bundles.length; i++) {
        m.put(bundles[i], nodes[i]);
      }
      return Collections.unmodifiableSortedMap(m);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Placed p
          && Arrays.equals(bundles, p.bundles)
          && Arrays.equals(nodes, p.nodes);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(bundles) + Arrays.hashCode(nodes);
    }

    @Override
    public String toString() {
      return "Placed" + nodeOfBundle();
    }
  }

  /**
   * Not now: resources are busy; retry later (Ray: NO_RESOURCES / feasible failure). The reason is
   * worded only when asked for: a simulated backlog fails decisions by the million.
   */
  record Failed(Supplier<String> why) implements PlacementResult {
    /** Why the bundles could not be placed. */
    public String reason() {
      return why.get();
    }

    @Override
    public String toString() {
      return "Failed[" + reason() + "]";
    }
  }

  /** Not with these nodes: waits until a node is added (Ray: INFEASIBLE). */
  record Infeasible(String reason) implements PlacementResult {}
}
