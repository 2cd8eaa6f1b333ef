package dev.cohort.sim.gcs;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The placement-group manager's pending queue, in Ray's order: by rank, then by when a group was
 * (re)inserted. Consecutive groups that share a rank and a retry backoff form a <em>cohort</em>:
 * when every member of a cohort fails, Ray would re-insert them one by one, in order, at the same
 * new rank with the same new backoff, so the cohort moves as one. A cohort splits only where one of
 * its members leaves (placed, infeasible, removed). Each member also sits in its cohort's list for
 * its {@link Shape}, so the first member of a shape is found without scanning.
 *
 * <p>Merging or splitting relabels the smaller side only.
 */
final class PendingQueue {

  /** Members sharing a rank and a backoff, in queue order. */
  static final class Cohort {
    long rank;
    long seq;

    /** The next retry delay of every member. */
    long backoff;

    /** False for a cohort that must stay alone (a group being rescheduled). */
    boolean mergeable;

    SimPlacementGroup head;
    SimPlacementGroup tail;
    int size;

    /** The shapes present, each with its run; a cohort rarely holds more than a few. */
    final ShapeRuns shapes = new ShapeRuns();

    /** The members of one shape within this cohort, in order. */
    static final class Run {
      final Shape shape;
      SimPlacementGroup head;
      SimPlacementGroup tail;
      int count;

      Run(Shape shape) {
        this.shape = shape;
      }
    }
  }

  /** A small map from shape to run, by identity, in the order shapes first appeared. */
  static final class ShapeRuns {
    private Cohort.Run[] runs = new Cohort.Run[2];
    private int size;

    Cohort.Run get(Shape s) {
      for (int i = 0; i < size; i++) {
        if (runs[i].shape == s) {
          return runs[i];
        }
      }
      return null;
    }

    Cohort.Run getOrAdd(Shape s) {
      Cohort.Run r = get(s);
      if (r == null) {
        if (size == runs.length) {
          runs = java.util.Arrays.copyOf(runs, size * 2);
        }
        r = new Cohort.Run(s);
        runs[size++] = r;
      }
      return r;
    }

    void remove(Cohort.Run r) {
      for (int i = 0; i < size; i++) {
        if (runs[i] == r) {
          System.arraycopy(runs, i + 1, runs, i, size - i - 1);
          runs[--size] = null;
          return;
        }
      }
    }

    int size() {
      return size;
    }

    Cohort.Run at(int i) {
      return runs[i];
    }
  }

  private final TreeSet<Cohort> cohorts =
      new TreeSet<>(
          (a, b) -> {
            int c = Long.compare(a.rank, b.rank);
            return c != 0 ? c : Long.compare(a.seq, b.seq);
          });

  private long seq;
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The first cohort, or null. */
  Cohort first() {
    return cohorts.isEmpty() ? null : cohorts.first();
  }

  /** Cohorts in queue order (a copy). */
  List<Cohort> cohorts() {
    return new ArrayList<>(cohorts);
  }

  /**
   * Inserts {@code g} at {@code rank} with {@code backoff} as its next retry delay, behind
   * everything already at that rank. Joins the last cohort at that rank when it shares the backoff.
   */
  void add(SimPlacementGroup g, long rank, long backoff, boolean mergeable) {
    size++;
    g.shape.pending++;
    if (mergeable) {
      // Most groups join the cohort inserted last at their rank: no new cohort for them.
      Cohort last = lastAt(rank);
      if (last != null && last.backoff == backoff && last.mergeable) {
        append(last, g);
        return;
      }
    }
    Cohort c = new Cohort();
    c.rank = rank;
    c.seq = seq++;
    c.backoff = backoff;
    c.mergeable = mergeable;
    append(c, g);
    cohorts.add(c);
  }

  /** The cohort inserted last at {@code rank}, or null. */
  private final Cohort probe = new Cohort();

  private Cohort lastAt(long rank) {
    probe.rank = rank;
    probe.seq = Long.MAX_VALUE;
    Cohort p = cohorts.lower(probe);
    return p != null && p.rank == rank ? p : null;
  }

  /** Takes {@code g} out of the queue; it keeps its cohort's backoff as its own. */
  void remove(SimPlacementGroup g) {
    Cohort c = g.cohort;
    g.backoff = c.backoff;
    unlink(g);
    size--;
    g.shape.pending--;
    if (c.size == 0) {
      cohorts.remove(c);
    }
  }

  /**
   * Moves a whole cohort to {@code rank} with {@code backoff}, as if every member had been
   * re-inserted now in order; it joins the last cohort at that rank when they share the backoff.
   */
  void move(Cohort c, long rank, long backoff) {
    cohorts.remove(c);
    c.rank = rank;
    c.backoff = backoff;
    c.seq = seq++;
    cohorts.add(c);
    mergeWithPredecessor(c);
  }

  /** Puts a cohort detached by {@link #detachBefore} back at {@code rank} with {@code backoff}. */
  void insert(Cohort c, long rank, long backoff) {
    c.rank = rank;
    c.backoff = backoff;
    c.seq = seq++;
    cohorts.add(c);
    mergeWithPredecessor(c);
  }

  /**
   * Moves several cohorts, already in the order Ray would re-insert them, to new ranks: {@code
   * ranks[i]} for {@code moved.get(i)}, each with {@code backoff}.
   */
  void moveAll(List<Cohort> moved, long[] ranks, long backoff) {
    for (Cohort c : moved) {
      cohorts.remove(c);
    }
    for (int i = 0; i < moved.size(); i++) {
      Cohort c = moved.get(i);
      c.rank = ranks[i];
      c.backoff = backoff;
      c.seq = seq++;
      cohorts.add(c);
      mergeWithPredecessor(c);
    }
  }

  /**
   * Splits off the members of {@code c} before {@code x} as a new cohort, which is returned out of
   * the queue (the caller re-inserts it); {@code c} keeps {@code x} and what follows, and its
   * place. Returns null when {@code x} is first.
   */
  Cohort detachBefore(Cohort c, SimPlacementGroup x) {
    if (c.head == x) {
      return null;
    }
    // Walk from both ends at once: the side found first is the smaller one, and it is relabelled.
    SimPlacementGroup front = c.head;
    SimPlacementGroup back = c.tail;
    boolean prefixSmaller;
    while (true) {
      if (front.next == x) {
        prefixSmaller = true;
        break;
      }
      if (back == x) {
        prefixSmaller = false;
        break;
      }
      front = front.next;
      back = back.prev;
    }
    Cohort other = new Cohort();
    other.rank = c.rank;
    other.backoff = c.backoff;
    other.mergeable = c.mergeable;
    if (prefixSmaller) {
      while (c.head != x) {
        SimPlacementGroup m = c.head;
        unlink(m);
        append(other, m);
      }
      return other;
    }
    // The suffix is smaller: it moves to the new object, which takes c's place in the queue.
    cohorts.remove(c);
    other.seq = c.seq;
    SimPlacementGroup last = x.prev;
    while (c.tail != last) {
      SimPlacementGroup m = c.tail;
      unlink(m);
      prepend(other, m);
    }
    cohorts.add(other);
    return c;
  }

  private void mergeWithPredecessor(Cohort c) {
    if (!c.mergeable) {
      return;
    }
    Cohort p = cohorts.lower(c);
    if (p == null || p.rank != c.rank || p.backoff != c.backoff || !p.mergeable) {
      return;
    }
    // c follows p directly: concatenate, relabelling the smaller.
    if (c.size <= p.size) {
      cohorts.remove(c);
      while (c.head != null) {
        SimPlacementGroup m = c.head;
        unlink(m);
        append(p, m);
      }
    } else {
      cohorts.remove(p);
      cohorts.remove(c);
      while (p.tail != null) {
        SimPlacementGroup m = p.tail;
        unlink(m);
        prepend(c, m);
      }
      c.seq = p.seq;
      cohorts.add(c);
    }
  }

  // ----------------------------------------------------------------- member lists

  private static void append(Cohort c, SimPlacementGroup g) {
    g.cohort = c;
    g.prev = c.tail;
    g.next = null;
    g.ord = c.tail == null ? 0 : c.tail.ord + 1;
    if (c.tail == null) {
      c.head = g;
    } else {
      c.tail.next = g;
    }
    c.tail = g;
    c.size++;
    Cohort.Run r = c.shapes.getOrAdd(g.shape);
    g.shapePrev = r.tail;
    g.shapeNext = null;
    if (r.tail == null) {
      r.head = g;
    } else {
      r.tail.shapeNext = g;
    }
    r.tail = g;
    r.count++;
  }

  private static void prepend(Cohort c, SimPlacementGroup g) {
    g.cohort = c;
    g.next = c.head;
    g.prev = null;
    g.ord = c.head == null ? 0 : c.head.ord - 1;
    if (c.head == null) {
      c.tail = g;
    } else {
      c.head.prev = g;
    }
    c.head = g;
    c.size++;
    Cohort.Run r = c.shapes.getOrAdd(g.shape);
    g.shapeNext = r.head;
    g.shapePrev = null;
    if (r.head == null) {
      r.tail = g;
    } else {
      r.head.shapePrev = g;
    }
    r.head = g;
    r.count++;
  }

  private static void unlink(SimPlacementGroup g) {
    Cohort c = g.cohort;
    if (g.prev == null) {
      c.head = g.next;
    } else {
      g.prev.next = g.next;
    }
    if (g.next == null) {
      c.tail = g.prev;
    } else {
      g.next.prev = g.prev;
    }
    c.size--;
    Cohort.Run r = c.shapes.get(g.shape);
    if (g.shapePrev == null) {
      r.head = g.shapeNext;
    } else {
      g.shapePrev.shapeNext = g.shapeNext;
    }
    if (g.shapeNext == null) {
      r.tail = g.shapePrev;
    } else {
      g.shapeNext.shapePrev = g.shapePrev;
    }
    if (--r.count == 0) {
      c.shapes.remove(r);
    }
    g.cohort = null;
    g.prev = g.next = g.shapePrev = g.shapeNext = null;
  }
}
