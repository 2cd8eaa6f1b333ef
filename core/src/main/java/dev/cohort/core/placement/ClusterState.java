package dev.cohort.core.placement;

import dev.cohort.core.resources.Resources;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
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

  /** A trial holding more nodes than this lifts them out of their classes. */
  private static final int LAZY_TRIAL_NODES = 16;

  /** Entries kept in the arithmetic memo before it is cleared. */
  private static final int MEMO_LIMIT = 4096;

  private static final class NodeEntry {
    final int id;
    final String name;
    final Resources total;
    final long tieKey;
    Resources available;

    /** The class this node is filed under while no trial holds it out. */
    NodeClass cls;

    /** Availability while a trial holds the node (null otherwise). */
    Resources trialAvailable;

    /** The trial class this node is filed under while a trial holds it. */
    NodeClass trialCls;

    NodeEntry(int id, String name, Resources total, long tieKey) {
      this.id = id;
      this.name = name;
      this.total = total;
      this.tieKey = tieKey;
      this.available = total;
    }
  }

  /**
   * Nodes sharing one free vector, as a min-heap by tie key over flat arrays: the best candidate of
   * the class is at the root. Positions live in an array indexed by node id, so moving a node
   * between classes costs O(log n) without chasing objects.
   */
  private final class NodeClass {
    final Resources vector;
    final boolean trial;
    long[] keys = new long[4];
    int[] ids = new int[4];
    int size;

    NodeClass(Resources vector, boolean trial) {
      this.vector = vector;
      this.trial = trial;
    }

    private int[] pos() {
      return trial ? trialPos : heapPos;
    }

    private void set(int i, long key, int id) {
      keys[i] = key;
      ids[i] = id;
      pos()[id] = i;
    }

    void add(NodeEntry n) {
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
        ids = Arrays.copyOf(ids, size * 2);
      }
      up(size++, n.tieKey, n.id);
    }

    void remove(NodeEntry n) {
      int[] pos = pos();
      int i = pos[n.id];
      pos[n.id] = -1;
      int last = --size;
      if (i != last) {
        long k = keys[last];
        int id = ids[last];
        down(i, k, id);
        if (pos[id] == i) {
          up(i, k, id);
        }
      }
    }

    private void up(int i, long key, int id) {
      while (i > 0) {
        int p = (i - 1) >>> 1;
        if (keys[p] <= key) {
          break;
        }
        set(i, keys[p], ids[p]);
        i = p;
      }
      set(i, key, id);
    }

    private void down(int i, long key, int id) {
      int half = size >>> 1;
      while (i < half) {
        int c = 2 * i + 1;
        if (c + 1 < size && keys[c + 1] < keys[c]) {
          c++;
        }
        if (key <= keys[c]) {
          break;
        }
        set(i, keys[c], ids[c]);
        i = c;
      }
      set(i, key, id);
    }

    /**
     * The member with the lowest tie key that {@code skip} does not reject, or −1. Walks the heap
     * best-first, so the cost grows only with the rejected members it has to pass.
     */
    int first(IntPredicate skip) {
      if (size == 0) {
        return -1;
      }
      if (!skip.test(ids[0])) {
        return ids[0];
      }
      frontierSize = 0;
      push(0);
      while (frontierSize > 0) {
        int i = pop();
        if (!skip.test(ids[i])) {
          return ids[i];
        }
        int c = 2 * i + 1;
        if (c < size) {
          push(c);
        }
        if (c + 1 < size) {
          push(c + 1);
        }
      }
      return -1;
    }

    // A small binary heap of positions ordered by key: the frontier of the best-first walk.
    private void push(int heapIndex) {
      if (frontierSize == frontier.length) {
        frontier = Arrays.copyOf(frontier, frontierSize * 2);
      }
      int i = frontierSize++;
      long key = keys[heapIndex];
      while (i > 0) {
        int p = (i - 1) >>> 1;
        if (keys[frontier[p]] <= key) {
          break;
        }
        frontier[i] = frontier[p];
        i = p;
      }
      frontier[i] = heapIndex;
    }

    private int pop() {
      int top = frontier[0];
      int last = frontier[--frontierSize];
      long key = keys[last];
      int i = 0;
      int half = frontierSize >>> 1;
      while (i < half) {
        int c = 2 * i + 1;
        if (c + 1 < frontierSize && keys[frontier[c + 1]] < keys[frontier[c]]) {
          c++;
        }
        if (key <= keys[frontier[c]]) {
          break;
        }
        frontier[i] = frontier[c];
        i = c;
      }
      frontier[i] = last;
      return top;
    }
  }

  private NodeEntry[] nodes = new NodeEntry[16];
  private int[] heapPos = new int[16];
  private int[] trialPos = new int[16];
  private int[] frontier = new int[16];
  private int frontierSize;

  /** Alive nodes grouped by identical available vector. */
  private final Map<Resources, NodeClass> byAvailable = new HashMap<>();

  /** Alive nodes counted by identical total vector (for feasibility checks). */
  private final TreeMap<Resources, Integer> byTotal = new TreeMap<>();

  /** One object per distinct free vector, so the memo below can compare by identity. */
  private final Map<Resources, Resources> interned = new HashMap<>();

  /** (free vector, request) → free vector after acquiring the request; and after releasing it. */
  private final IdentityHashMap<Resources, IdentityHashMap<Resources, Resources>> minusMemo =
      new IdentityHashMap<>();

  private final IdentityHashMap<Resources, IdentityHashMap<Resources, Resources>> plusMemo =
      new IdentityHashMap<>();

  private int memoSize;
  private int alive;
  private Trial openTrial;
  private Trial spareTrial;

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
      int n = Math.max(id + 1, nodes.length * 2);
      nodes = Arrays.copyOf(nodes, n);
      heapPos = Arrays.copyOf(heapPos, n);
      trialPos = Arrays.copyOf(trialPos, n);
    }
    if (nodes[id] != null) {
      throw new IllegalArgumentException("node id " + id + " already registered");
    }
    NodeEntry n = new NodeEntry(id, name, intern(total), tieKey);
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
    move(n, minus(n.available, r));
  }

  /** Gives resources back to a node. */
  public void release(int id, Resources r) {
    NodeEntry n = entry(id);
    Resources next = plus(n.available, r);
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

  // ----------------------------------------------------------------- free-vector arithmetic

  private Resources intern(Resources r) {
    Resources known = interned.putIfAbsent(r, r);
    return known == null ? r : known;
  }

  private Resources minus(Resources available, Resources r) {
    return memo(minusMemo, available, r, false);
  }

  private Resources plus(Resources available, Resources r) {
    return memo(plusMemo, available, r, true);
  }

  /** Free vectors and requests repeat endlessly; each difference or sum is computed once. */
  private Resources memo(
      IdentityHashMap<Resources, IdentityHashMap<Resources, Resources>> memo,
      Resources available,
      Resources r,
      boolean add) {
    IdentityHashMap<Resources, Resources> row = memo.get(available);
    Resources out = row == null ? null : row.get(r);
    if (out == null) {
      out = intern(add ? available.plus(r) : available.minus(r));
      if (memoSize++ > MEMO_LIMIT) {
        minusMemo.clear();
        plusMemo.clear();
        interned.clear(); // classes keep their own vectors; new ones intern afresh
        memoSize = 0;
      }
      memo.computeIfAbsent(available, k -> new IdentityHashMap<>()).put(r, out);
    }
    return out;
  }

  // ----------------------------------------------------------------- classes

  private void move(NodeEntry n, Resources next) {
    if (openTrial != null) {
      throw new IllegalStateException("the cluster changed during a placement decision");
    }
    unfile(n);
    n.available = next;
    file(n);
  }

  private void file(NodeEntry n) {
    NodeClass c = byAvailable.get(n.available);
    if (c == null) {
      c = new NodeClass(n.available, false);
      byAvailable.put(n.available, c);
    }
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
    return bestUntouched(request, excluded);
  }

  /** Best node among those no trial holds: highest score, then lowest tie key; −1 if none. */
  private int bestUntouched(Resources request, IntPredicate excluded) {
    int best = -1;
    long bestKey = 0;
    double bestScore = -1;
    IntPredicate skip =
        openTrial == null || openTrial.detached
            ? excluded
            : id -> nodes[id].trialAvailable != null || excluded.test(id);
    for (NodeClass cls : byAvailable.values()) {
      if (cls.size == 0) {
        continue; // emptied by an open trial
      }
      double s = LeastResourceScorer.score(cls.vector, request);
      if (s < 0 || s < bestScore) {
        continue;
      }
      if (s == bestScore && cls.keys[0] > bestKey) {
        continue; // even the class's best member loses the tie
      }
      int id = cls.first(skip);
      if (id >= 0 && (s > bestScore || nodes[id].tieKey < bestKey)) {
        best = id;
        bestKey = nodes[id].tieKey;
        bestScore = s;
      }
    }
    return best;
  }

  /**
   * Tentative subtractions during one decision. Nodes the trial touches are skipped by later
   * choices in the same decision; once it holds many, they leave their classes so that skipping
   * never costs more than the few it passes. Touched nodes are also filed by their trial
   * availability. {@link #close} undoes everything. Trials do not nest.
   */
  final class Trial implements AutoCloseable {
    private final Map<Resources, NodeClass> touched = new HashMap<>();
    private final List<NodeEntry> held = new ArrayList<>();
    private boolean detached;

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
        held.add(n);
        if (detached) {
          n.cls.remove(n);
        } else if (held.size() > LAZY_TRIAL_NODES) {
          detached = true;
          for (NodeEntry h : held) {
            h.cls.remove(h);
          }
        }
      } else {
        n.trialCls.remove(n);
        if (n.trialCls.size == 0) {
          touched.remove(n.trialCls.vector);
        }
      }
      n.trialAvailable = minus(available(id), r);
      NodeClass c = touched.get(n.trialAvailable);
      if (c == null) {
        c = new NodeClass(n.trialAvailable, true);
        touched.put(n.trialAvailable, c);
      }
      n.trialCls = c;
      c.add(n);
    }

    /**
     * Best node the trial has not touched for {@code request} (highest score, then lowest tie key),
     * skipping {@code excluded}; −1 if none fits.
     */
    int bestUntouched(Resources request, IntPredicate excluded) {
      return ClusterState.this.bestUntouched(request, excluded);
    }

    /** Best node among those the trial touched, scored by their trial availability; −1 if none. */
    int bestTouched(Resources request) {
      int best = -1;
      long bestKey = 0;
      double bestScore = -1;
      for (NodeClass cls : touched.values()) {
        double s = LeastResourceScorer.score(cls.vector, request);
        if (s >= 0 && (s > bestScore || (s == bestScore && cls.keys[0] < bestKey))) {
          best = cls.ids[0];
          bestKey = cls.keys[0];
          bestScore = s;
        }
      }
      return best;
    }

    /** Returns every touched node to its class; the trial's subtractions vanish. */
    @Override
    public void close() {
      for (NodeEntry n : held) {
        n.trialCls.remove(n);
        n.trialCls = null;
        n.trialAvailable = null;
        if (detached) {
          n.cls.add(n);
        }
      }
      held.clear();
      touched.clear();
      detached = false;
      openTrial = null;
      spareTrial = this;
    }
  }

  /** Starts an empty trial against this state; close it when the decision is made. */
  Trial trial() {
    if (openTrial != null) {
      throw new IllegalStateException("placement decisions do not nest");
    }
    openTrial = spareTrial != null ? spareTrial : new Trial();
    spareTrial = null;
    return openTrial;
  }
}
