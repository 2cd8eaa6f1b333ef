package dev.cohort.sim.engine;

import java.util.Arrays;

/**
 * The engine's priority queue: a binary min-heap over primitive keys. Each entry is ordered by
 * {@code (time, order)}, where {@code order} packs the event's priority above its insertion
 * sequence, so comparing two entries is two {@code long} comparisons and the heap moves keys in
 * flat arrays instead of chasing objects through a comparator. Events know their position, so a
 * cancelled event leaves at once.
 *
 * <p>Most events are scheduled for the current instant (deliveries, commits). They would sift to
 * the top of the heap and straight back down; instead they wait in a FIFO lane per priority, as
 * long as they arrive in sequence order, which the engine's counter guarantees for all but reserved
 * sequence numbers (those go to the heap). The order stays exactly {@code (time, priority, seq)}.
 */
final class EventQueue {
  /** Bits of {@code order} that hold the sequence number; the priority sits above them. */
  static final int SEQ_BITS = 56;

  /** The largest sequence number that fits beside a priority. */
  static final long MAX_SEQ = (1L << SEQ_BITS) - 1;

  private static final EventPriority[] PRIORITY = EventPriority.values();
  private static final int PRIORITIES = PRIORITY.length;

  /** Events due at {@link #laneTime}, one FIFO per priority, in sequence order. */
  @SuppressWarnings("unchecked")
  private final java.util.ArrayDeque<SimEvent>[] lanes = new java.util.ArrayDeque[PRIORITIES];

  /** Bit p set when lane p holds events (cancelled ones included). */
  private int laneMask;

  private int laneCount;
  private long laneTime = Long.MIN_VALUE;

  private long[] times = new long[1024];
  private long[] orders = new long[1024];
  private SimEvent[] events = new SimEvent[1024];
  private int size;

  /** Packs a priority and a sequence number into one comparable {@code long}. */
  static long order(EventPriority priority, long seq) {
    return ((long) priority.ordinal() << SEQ_BITS) | seq;
  }

  int size() {
    return size + laneCount;
  }

  boolean isEmpty() {
    return size == 0 && laneCount == 0;
  }

  private void set(int i, long t, long o, SimEvent e) {
    times[i] = t;
    orders[i] = o;
    events[i] = e;
    e.heapIndex = i;
  }

  /** Adds {@code e}, due at the current instant {@code now} or later. */
  void add(SimEvent e, long now) {
    if (e.time == now) {
      if (laneTime != now && laneCount == 0) {
        laneTime = now; // lanes are empty whenever time moves on: their events came first
      }
      if (laneTime == now) {
        int p = e.priority.ordinal();
        java.util.ArrayDeque<SimEvent> lane = lanes[p];
        if (lane == null) {
          lane = new java.util.ArrayDeque<>();
          lanes[p] = lane;
        }
        if (lane.isEmpty() || lane.peekLast().seq < e.seq) {
          lane.addLast(e);
          laneMask |= 1 << p;
          laneCount++;
          return;
        }
      }
    }
    add(e);
  }

  /** Adds {@code e} to the heap. */
  private void add(SimEvent e) {
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

  /** The lane holding the first event due at {@link #laneTime}, or −1. */
  private int firstLane() {
    return laneMask == 0 ? -1 : Integer.numberOfTrailingZeros(laneMask);
  }

  /** True when the heap's first event comes before every lane's. */
  private boolean heapFirst(int lane) {
    if (lane < 0) {
      return true;
    }
    if (size == 0 || times[0] > laneTime) {
      return false;
    }
    long o = order(PRIORITY[lane], lanes[lane].peekFirst().seq);
    return times[0] < laneTime || orders[0] < o;
  }

  /** The first event, or null. */
  SimEvent peek() {
    int lane = firstLane();
    if (heapFirst(lane)) {
      return size == 0 ? null : events[0];
    }
    return lanes[lane].peekFirst();
  }

  /** Time of the first event; only when not empty. */
  long peekTime() {
    return heapFirst(firstLane()) ? times[0] : laneTime;
  }

  /** Removes and returns the first event, or null. */
  SimEvent poll() {
    int lane = firstLane();
    if (heapFirst(lane)) {
      if (size == 0) {
        return null;
      }
      SimEvent first = events[0];
      removeAt(0);
      return first;
    }
    SimEvent e = lanes[lane].pollFirst();
    laneCount--;
    if (lanes[lane].isEmpty()) {
      laneMask &= ~(1 << lane);
    }
    return e;
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
