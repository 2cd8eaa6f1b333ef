package dev.cohort.sim.engine;

import java.util.Arrays;

/**
 * The engine's priority queue: a binary min-heap over primitive keys. Each entry is ordered by
 * {@code (time, order)}, where {@code order} packs the event's priority above its insertion
 * sequence, so comparing two entries is two {@code long} comparisons and the heap moves keys in
 * flat arrays instead of chasing objects through a comparator.
 */
final class EventQueue {
  /** Bits of {@code order} that hold the sequence number; the priority sits above them. */
  static final int SEQ_BITS = 56;

  /** The largest sequence number that fits beside a priority. */
  static final long MAX_SEQ = (1L << SEQ_BITS) - 1;

  private long[] times = new long[1024];
  private long[] orders = new long[1024];
  private SimEvent[] events = new SimEvent[1024];
  private int size;

  /** Packs a priority and a sequence number into one comparable {@code long}. */
  static long order(EventPriority priority, long seq) {
    return ((long) priority.ordinal() << SEQ_BITS) | seq;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Adds {@code e}, whose time, priority and sequence are already set. */
  void add(SimEvent e) {
    if (size == times.length) {
      int n = size * 2;
      times = Arrays.copyOf(times, n);
      orders = Arrays.copyOf(orders, n);
      events = Arrays.copyOf(events, n);
    }
    long t = e.time;
    long o = order(e.priority, e.seq);
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      long pt = times[parent];
      if (pt < t || (pt == t && orders[parent] < o)) {
        break;
      }
      times[i] = pt;
      orders[i] = orders[parent];
      events[i] = events[parent];
      i = parent;
    }
    times[i] = t;
    orders[i] = o;
    events[i] = e;
  }

  /** The first event, or null. */
  SimEvent peek() {
    return size == 0 ? null : events[0];
  }

  /** Time of the first event; only when not empty. */
  long peekTime() {
    return times[0];
  }

  /** Removes and returns the first event, or null. */
  SimEvent poll() {
    if (size == 0) {
      return null;
    }
    SimEvent first = events[0];
    int n = --size;
    long t = times[n];
    long o = orders[n];
    SimEvent e = events[n];
    events[n] = null;
    if (n > 0) {
      int i = 0;
      int half = n >>> 1;
      while (i < half) {
        int c = 2 * i + 1;
        int r = c + 1;
        if (r < n && (times[r] < times[c] || (times[r] == times[c] && orders[r] < orders[c]))) {
          c = r;
        }
        long ct = times[c];
        if (t < ct || (t == ct && o < orders[c])) {
          break;
        }
        times[i] = ct;
        orders[i] = orders[c];
        events[i] = events[c];
        i = c;
      }
      times[i] = t;
      orders[i] = o;
      events[i] = e;
    }
    return first;
  }
}
