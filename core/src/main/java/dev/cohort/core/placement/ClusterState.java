package dev.cohort.core.placement;

import dev.cohort.core.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * The scheduler's view of the cluster: alive nodes with total and available resources, indexed so
 * that one placement decision evaluates each <em>distinct</em> free-resource vector once instead of
 * every node. Node ids are small non-negative ints; lower ids win ties, standing in for Ray's
 * hash-map iteration order. Mutations are explicit ({@link #acquire}, {@link #release}); placement
 * functions only read.
 */
public final class ClusterState {

  private static final class NodeEntry {
    final int id;
    final String name;
    final Resources total;
    Resources available;

    NodeEntry(int id, String name, Resources total) {
      this.id = id;
      this.name = name;
      this.total = total;
      this.available = total;
    }
  }

  private final List<NodeEntry> nodes = new ArrayList<>();

  /** Alive nodes grouped by identical available vector; ids ascending within a class. */
  private final TreeMap<Resources, TreeSet<Integer>> byAvailable = new TreeMap<>();

  /** Alive nodes counted by identical total vector (for feasibility checks). */
  private final TreeMap<Resources, Integer> byTotal = new TreeMap<>();

  private int alive;

  /** Registers a node; ids must be new. */
  public void addNode(int id, String name, Resources total) {
    while (nodes.size() <= id) {
      nodes.add(null);
    }
    if (nodes.get(id) != null) {
      throw new IllegalArgumentException("node id " + id + " already registered");
    }
    NodeEntry n = new NodeEntry(id, name, total);
    nodes.set(id, n);
    byAvailable.computeIfAbsent(total, k -> new TreeSet<>()).add(id);
    byTotal.merge(total, 1, Integer::sum);
    alive++;
  }

  /** Removes a dead node from the view; what it held is simply gone. */
  public void removeNode(int id) {
    NodeEntry n = entry(id);
    unindex(n);
    byTotal.merge(n.total, -1, Integer::sum);
    if (byTotal.get(n.total) == 0) {
      byTotal.remove(n.total);
    }
    nodes.set(id, null);
    alive--;
  }

  /** True when the node is registered and alive. */
  public boolean isAlive(int id) {
    return id >= 0 && id < nodes.size() && nodes.get(id) != null;
  }

  /** Number of alive nodes. */
  public int aliveCount() {
    return alive;
  }

  /** Number of distinct available vectors among alive nodes (the cost driver of a decision). */
  public int distinctAvailable() {
    return byAvailable.size();
  }

  /** Name of an alive node. */
  public String name(int id) {
    return entry(id).name;
  }

  /** Total resources of an alive node. */
  public Resources total(int id) {
    return entry(id).total;
  }

  /** Available resources of an alive node. */
  public Resources available(int id) {
    return entry(id).available;
  }

  /** Takes resources from a node. */
  public void acquire(int id, Resources r) {
    NodeEntry n = entry(id);
    if (!n.available.fits(r)) {
      throw new IllegalStateException(
          "over-commit on node " + n.name + ": available " + n.available + ", asked " + r);
    }
    move(n, n.available.minus(r));
  }

  /** Gives resources back to a node. */
  public void release(int id, Resources r) {
    NodeEntry n = entry(id);
    Resources next = n.available.plus(r);
    if (!n.total.fits(next)) {
      throw new IllegalStateException(
          "release beyond total on node " + n.name + ": total " + n.total + ", would be " + next);
    }
    move(n, next);
  }

  /** Alive node ids in ascending order. */
  public List<Integer> aliveIds() {
    List<Integer> ids = new ArrayList<>(alive);
    for (NodeEntry n : nodes) {
      if (n != null) {
        ids.add(n.id);
      }
    }
    return ids;
  }

  /** True when some alive node's <em>total</em> fits the request (Ray's IsRequestFeasible). */
  public boolean anyTotalFits(Resources request) {
    for (Resources t : byTotal.keySet()) {
      if (t.fits(request)) {
        return true;
      }
    }
    return false;
  }

  /** The distinct available vectors and their node ids (read-only use). */
  Map<Resources, TreeSet<Integer>> classes() {
    return byAvailable;
  }

  private NodeEntry entry(int id) {
    NodeEntry n = id >= 0 && id < nodes.size() ? nodes.get(id) : null;
    if (n == null) {
      throw new IllegalArgumentException("no alive node with id " + id);
    }
    return n;
  }

  private void move(NodeEntry n, Resources next) {
    unindex(n);
    n.available = next;
    byAvailable.computeIfAbsent(next, k -> new TreeSet<>()).add(n.id);
  }

  private void unindex(NodeEntry n) {
    TreeSet<Integer> cls = byAvailable.get(n.available);
    cls.remove(n.id);
    if (cls.isEmpty()) {
      byAvailable.remove(n.available);
    }
  }

  /**
   * The best node for a single request by Ray's scorer (highest score, then lowest id), skipping
   * nodes rejected by {@code excluded}.
   *
   * @return the node id, or −1 if nothing fits
   */
  public int bestNode(Resources request, IntPredicate excluded) {
    return bestNode(request, excluded, trial());
  }

  /**
   * The best node for a request by Ray's scorer: highest score, then lowest id. Nodes rejected by
   * {@code excluded} are skipped; nodes in {@code trial} are scored with their trial availability.
   *
   * @return the node id, or −1 if nothing fits
   */
  int bestNode(Resources request, IntPredicate excluded, Trial trial) {
    int best = -1;
    double bestScore = -1;
    for (Map.Entry<Resources, TreeSet<Integer>> cls : byAvailable.entrySet()) {
      double s = LeastResourceScorer.score(cls.getKey(), request);
      if (s < 0 || s < bestScore) {
        continue;
      }
      int id = -1;
      for (int candidate : cls.getValue()) {
        if (!excluded.test(candidate) && !trial.touched(candidate)) {
          id = candidate;
          break;
        }
      }
      if (id >= 0 && (s > bestScore || id < best)) {
        best = id;
        bestScore = s;
      }
    }
    for (Map.Entry<Integer, Resources> t : trial.entries()) {
      int id = t.getKey();
      if (excluded.test(id)) {
        continue;
      }
      double s = LeastResourceScorer.score(t.getValue(), request);
      if (s >= 0 && (s > bestScore || (s == bestScore && id < best))) {
        best = id;
        bestScore = s;
      }
    }
    return best;
  }

  /** Tentative subtractions during one decision; undone simply by dropping the trial. */
  final class Trial {
    private final TreeMap<Integer, Resources> adjusted = new TreeMap<>();

    boolean touched(int id) {
      return adjusted.containsKey(id);
    }

    Iterable<Map.Entry<Integer, Resources>> entries() {
      return adjusted.entrySet();
    }

    Resources available(int id) {
      Resources r = adjusted.get(id);
      return r != null ? r : ClusterState.this.available(id);
    }

    boolean fits(int id, Resources r) {
      return available(id).fits(r);
    }

    void take(int id, Resources r) {
      adjusted.put(id, available(id).minus(r));
    }
  }

  /** Starts an empty trial against this state. */
  Trial trial() {
    return new Trial();
  }
}
