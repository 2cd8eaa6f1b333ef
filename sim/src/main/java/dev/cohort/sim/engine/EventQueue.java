package dev.cohort.sim.engine;

import java.util.Arrays;

/**
 * The engine's priority queue: a binary min-heap over primitive keys. Each entry is ordered by
 * {@code (time, order)}, where {@code order} packs the event's priority above its insertion
 * sequence, so comparing two entries is two {@code long} comparisons and the heap moves keys in
 * flat arrays instead of chasing objects through a comparator. Events know their position, so a
 * cancelled event leaves at once.
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

  private void set(int i, long t, long o, SimEvent e) {
    times[i] = t;
    orders[i] = o;
    events[i] = e;
    e.heapIndex = i;
  }

  /** Adds {@code e}, whose time, priority and sequence are already set. */
  void add(SimEvent e) {
    if (size == times.length) {
      int n = size * 2;
      times = Arrays.copyOf(times, n);
      orders = Arrays.copyOf(orders, n);
      events = Arrays.copyOf(events, n);
    }
    e.queue = this;
    up(size++, e.time, order(e.priority, e.seq), e);
  }

  private void up(int i, long t, long o, SimEvent e) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      long pt = times[parent];
      if (pt < t || (pt == t && orders[parent] < o)) {
        break;
      }
      set(i, pt, orders[parent], events[parent]);
      i = parent;
    }
    set(i, t, o, e);
  }

  private void down(int i, long t, long o, SimEvent e) {
    int n = size;
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
      set(i, ct, orders[c], events[c]);
      i = c;
    }
    set(i, t, o, e);
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
    removeAt(0);
    return first;
  }

  /** Removes a waiting event (a no-op for one that is not here). */
  void remove(SimEvent e) {
    int i = e.heapIndex;
    if (i >= 0 && i < size && events[i] == e) {
      removeAt(i);
    }
  }

  private void removeAt(int i) {
    SimEvent gone = events[i];
    gone.heapIndex = -1;
    gone.queue = null;
    int n = --size;
    long t = times[n];
    long o = orders[n];
    SimEvent e = events[n];
    events[n] = null;
    if (i == n) {
      return;
    }
    down(i, t, o, e);
    if (e.heapIndex == i) {
      up(i, t, o, e);
    }
  }
}
