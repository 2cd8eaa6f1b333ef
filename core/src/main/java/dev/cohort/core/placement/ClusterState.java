package dev.cohort.core.placement;

import dev.cohort.core.resources.Resources;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * The scheduler's view of the cluster: alive nodes with total and available resources, indexed so
 * that one placement decision scores each <em>distinct</em> free-resource vector once instead of
 * every node. Among equally good nodes the one with the lowest <em>tie key</em> wins, standing in
 * for Ray's hash-map iteration order; by default the tie key is the node id. Node ids are small
 * non-negative ints that a caller may reuse once a node is removed (and then give tie keys of its
 * own, such as the registration order). Mutations are explicit ({@link #acquire}, {@link
 * #release}); placement functions only read, apart from the transient bookkeeping of a {@link
 * Trial}, which they always close.
 */
public final class ClusterState {

  private static final class NodeEntry {
    final int id;
    final String name;
    final Resources total;
    final long tieKey;
    Resources available;

    /** The class this node is filed under while untouched by a trial. */
    NodeClass cls;

    /** Position in its class heap, −1 while a trial holds it. */
    int heapIndex = -1;

    /** Availability while a trial holds the node (null otherwise). */
    Resources trialAvailable;

    /** The trial class this node is filed under while a trial holds it. */
    NodeClass trialCls;

    int trialIndex = -1;

    NodeEntry(int id, String name, Resources total, long tieKey) {
      this.id = id;
      this.name = name;
      this.total = total;
      this.tieKey = tieKey;
      this.available = total;
    }
  }

  /**
   * Nodes sharing one free vector, as a min-heap by tie key: the best candidate of the class is at
   * the root. A node knows its position, so moving it between classes costs O(log n).
   */
  private static final class NodeClass {
    final Resources vector;
    final boolean trial;
    NodeEntry[] heap = new NodeEntry[4];
    int size;

    NodeClass(Resources vector, boolean trial) {
      this.vector = vector;
      this.trial = trial;
    }

    private int index(NodeEntry n) {
      return trial ? n.trialIndex : n.heapIndex;
    }

    private void place(NodeEntry n, int i) {
      heap[i] = n;
      if (trial) {
        n.trialIndex = i;
      } else {
        n.heapIndex = i;
      }
    }

    void add(NodeEntry n) {
      if (size == heap.length) {
        heap = Arrays.copyOf(heap, size * 2);
      }
      place(n, size);
      up(size++);
    }

    void remove(NodeEntry n) {
      int i = index(n);
      int last = --size;
      NodeEntry moved = heap[last];
      heap[last] = null;
      if (trial) {
        n.trialIndex = -1;
      } else {
        n.heapIndex = -1;
      }
      if (i != last) {
        place(moved, i);
        down(i);
        up(index(moved));
      }
    }

    private void up(int i) {
      NodeEntry n = heap[i];
      while (i > 0) {
        int p = (i - 1) >>> 1;
        if (heap[p].tieKey <= n.tieKey) {
          break;
        }
        place(heap[p], i);
        i = p;
      }
      place(n, i);
    }

    private void down(int i) {
      NodeEntry n = heap[i];
      int half = size >>> 1;
      while (i < half) {
        int c = 2 * i + 1;
        if (c + 1 < size && heap[c + 1].tieKey < heap[c].tieKey) {
          c++;
        }
        if (n.tieKey <= heap[c].tieKey) {
          break;
        }
        place(heap[c], i);
        i = c;
      }
      place(n, i);
    }

    /**
     * The member with the lowest tie key that {@code excluded} accepts, or null. Walks the heap
     * best-first, so the cost grows only with the excluded members it has to pass.
     */
    NodeEntry first(IntPredicate excluded) {
      if (size == 0) {
        return null;
      }
      if (!excluded.test(heap[0].id)) {
        return heap[0];
      }
      java.util.PriorityQueue<NodeEntry> frontier =
          new java.util.PriorityQueue<>((a, b) -> Long.compare(a.tieKey, b.tieKey));
      frontier.add(heap[0]);
      while (!frontier.isEmpty()) {
        NodeEntry n = frontier.poll();
        if (!excluded.test(n.id)) {
          return n;
        }
        int i = index(n);
        for (int c = 2 * i + 1; c <= 2 * i + 2 && c < size; c++) {
          frontier.add(heap[c]);
        }
      }
      return null;
    }
  }

  private NodeEntry[] nodes = new NodeEntry[16];

  /** Alive nodes grouped by identical available vector. */
  private final Map<Resources, NodeClass> byAvailable = new HashMap<>();

  /** Alive nodes counted by identical total vector (for feasibility checks). */
  private final TreeMap<Resources, Integer> byTotal = new TreeMap<>();

  private int alive;
  private Trial openTrial;

  /** Registers a node whose tie key is its id. The id must not be in use. */
  public void addNode(int id, String name, Resources total) {
    addNode(id, name, total, id);
  }

  /**
   * Registers a node with an explicit tie key (lower wins among equally good nodes). The id must
   * not be in use.
   */
  public void addNode(int id, String name, Resources total, long tieKey) {
    if (id < 0) {
      throw new IllegalArgumentException("node ids are non-negative, got " + id);
    }
    if (id >= nodes.length) {
      nodes = Arrays.copyOf(nodes, Math.max(id + 1, nodes.length * 2));
    }
    if (nodes[id] != null) {
      throw new IllegalArgumentException("node id " + id + " already registered");
    }
    NodeEntry n = new NodeEntry(id, name, total, tieKey);
    nodes[id] = n;
    file(n);
    byTotal.merge(total, 1, Integer::sum);
    alive++;
  }

  /** Removes a dead node from the view; what it held is simply gone. Its id may then be reused. */
  public void removeNode(int id) {
    NodeEntry n = entry(id);
    unfile(n);
    byTotal.merge(n.total, -1, Integer::sum);
    if (byTotal.get(n.total) == 0) {
      byTotal.remove(n.total);
    }
    nodes[id] = null;
    alive--;
  }

  /** True when the node is registered and alive. */
  public boolean isAlive(int id) {
    return id >= 0 && id < nodes.length && nodes[id] != null;
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

  /** Tie key of an alive node: lower wins among equally good nodes. */
  public long tieKey(int id) {
    return entry(id).tieKey;
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

  /** Alive node ids in tie order (ascending ids by default). */
  public List<Integer> aliveIds() {
    List<NodeEntry> live = new ArrayList<>(alive);
    for (NodeEntry n : nodes) {
      if (n != null) {
        live.add(n);
      }
    }
    live.sort((a, b) -> Long.compare(a.tieKey, b.tieKey));
    List<Integer> ids = new ArrayList<>(alive);
    for (NodeEntry n : live) {
      ids.add(n.id);
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

  private NodeEntry entry(int id) {
    NodeEntry n = id >= 0 && id < nodes.length ? nodes[id] : null;
    if (n == null) {
      throw new IllegalArgumentException("no alive node with id " + id);
    }
    return n;
  }

  private void move(NodeEntry n, Resources next) {
    if (openTrial != null) {
      throw new IllegalStateException("the cluster changed during a placement decision");
    }
    unfile(n);
    n.available = next;
    file(n);
  }

  private void file(NodeEntry n) {
    NodeClass c = byAvailable.computeIfAbsent(n.available, v -> new NodeClass(v, false));
    n.cls = c;
    c.add(n);
  }

  private void unfile(NodeEntry n) {
    NodeClass c = n.cls;
    c.remove(n);
    n.cls = null;
    if (c.size == 0) {
      byAvailable.remove(c.vector);
    }
  }

  /**
   * The best node for a single request by Ray's scorer (highest score, then lowest tie key),
   * skipping nodes rejected by {@code excluded}.
   *
   * @return the node id, or −1 if nothing fits
   */
  public int bestNode(Resources request, IntPredicate excluded) {
    NodeEntry best = bestUntouched(request, excluded);
    return best == null ? -1 : best.id;
  }

  /** Best node among those no trial holds: highest score, then lowest tie key. */
  private NodeEntry bestUntouched(Resources request, IntPredicate excluded) {
    NodeEntry best = null;
    double bestScore = -1;
    for (NodeClass cls : byAvailable.values()) {
      if (cls.size == 0) {
        continue; // emptied by an open trial
      }
      double s = LeastResourceScorer.score(cls.vector, request);
      if (s < 0 || s < bestScore) {
        continue;
      }
      if (s == bestScore && cls.heap[0].tieKey > best.tieKey) {
        continue; // even the class's best member loses the tie
      }
      NodeEntry n = cls.first(excluded);
      if (n != null && (s > bestScore || n.tieKey < best.tieKey)) {
        best = n;
        bestScore = s;
      }
    }
    return best;
  }

  /**
   * Tentative subtractions during one decision. A node the trial touches leaves its class (so later
   * choices in the same decision never have to skip it) and is filed by its trial availability;
   * {@link #close} puts everything back. Trials do not nest.
   */
  final class Trial implements AutoCloseable {
    private final Map<Resources, NodeClass> touched = new HashMap<>();
    private final List<NodeEntry> held = new ArrayList<>();

    private Trial() {}

    boolean touched(int id) {
      return entry(id).trialAvailable != null;
    }

    Resources available(int id) {
      NodeEntry n = entry(id);
      return n.trialAvailable != null ? n.trialAvailable : n.available;
    }

    boolean fits(int id, Resources r) {
      return available(id).fits(r);
    }

    void take(int id, Resources r) {
      NodeEntry n = entry(id);
      if (n.trialAvailable == null) {
        n.cls.remove(n);
        held.add(n);
      } else {
        n.trialCls.remove(n);
        if (n.trialCls.size == 0) {
          touched.remove(n.trialCls.vector);
        }
      }
      n.trialAvailable = available(id).minus(r);
      NodeClass c = touched.computeIfAbsent(n.trialAvailable, v -> new NodeClass(v, true));
      n.trialCls = c;
      c.add(n);
    }

    /**
     * Best node the trial has not touched for {@code request} (highest score, then lowest tie key),
     * skipping {@code excluded}; −1 if none fits.
     */
    int bestUntouched(Resources request, IntPredicate excluded) {
      NodeEntry n = ClusterState.this.bestUntouched(request, excluded);
      return n == null ? -1 : n.id;
    }

    /** Best node among those the trial touched, scored by their trial availability; −1 if none. */
    int bestTouched(Resources request) {
      NodeEntry best = null;
      double bestScore = -1;
      for (NodeClass cls : touched.values()) {
        double s = LeastResourceScorer.score(cls.vector, request);
        if (s >= 0 && (s > bestScore || (s == bestScore && cls.heap[0].tieKey < best.tieKey))) {
          best = cls.heap[0];
          bestScore = s;
        }
      }
      return best == null ? -1 : best.id;
    }

    /** Returns every touched node to its class; the trial's subtractions vanish. */
    @Override
    public void close() {
      for (NodeEntry n : held) {
        n.trialCls.remove(n);
        n.trialCls = null;
        n.trialAvailable = null;
        n.cls.add(n);
      }
      held.clear();
      touched.clear();
      openTrial = null;
    }
  }

  /** Starts an empty trial against this state; close it when the decision is made. */
  Trial trial() {
    if (openTrial != null) {
      throw new IllegalStateException("placement decisions do not nest");
    }
    openTrial = new Trial();
    return openTrial;
  }
}
