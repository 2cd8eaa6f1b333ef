package dev.cohort.sim.gcs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Items filed by node id (ids are small and reused), for what the GCS keeps per node. */
final class NodeIndex<T> {
  private Object[] byNode = new Object[16];

  @SuppressWarnings("unchecked")
  private List<T> at(int node) {
    return node < byNode.length ? (List<T>) byNode[node] : null;
  }

  void add(int node, T item) {
    if (node >= byNode.length) {
      byNode = Arrays.copyOf(byNode, Math.max(node + 1, byNode.length * 2));
    }
    List<T> l = at(node);
    if (l == null) {
      l = new ArrayList<>(4);
      byNode[node] = l;
    }
    l.add(item);
  }

  void remove(int node, T item) {
    List<T> l = at(node);
    if (l != null) {
      l.remove(item);
    }
  }

  /** Removes and returns everything filed under {@code node} (null when nothing). */
  List<T> removeAll(int node) {
    List<T> l = at(node);
    if (l != null) {
      byNode[node] = null;
    }
    return l == null || l.isEmpty() ? null : l;
  }
}
