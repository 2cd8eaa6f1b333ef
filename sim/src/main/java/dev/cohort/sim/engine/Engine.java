package dev.cohort.sim.engine;

import java.util.PriorityQueue;

/**
 * A single-threaded discrete-event loop over virtual time in integer microseconds. Events run in
 * the total order {@code (time, priority, seq)}, where {@code seq} is the insertion counter, so the
 * same inputs always produce the same sequence. Nothing here reads a clock.
 */
public final class Engine {

  private final PriorityQueue<SimEvent> queue =
      new PriorityQueue<>(
          1024,
          (a, b) -> {
            int c = Long.compare(a.time, b.time);
            if (c != 0) {
              return c;
            }
            c = Integer.compare(a.priority.ordinal(), b.priority.ordinal());
            return c != 0 ? c : Long.compare(a.seq, b.seq);
          });

  private final Trace trace;
  private long now;
  private long seq;
  private long fired;
  private Runnable afterEach = () -> {};
  private EventPriority current = EventPriority.NODE_CRASH;

  /** Phase of the event firing now (or last fired). */
  public EventPriority phase() {
    return current;
  }

  /** An engine that records into {@code trace}. */
  public Engine(Trace trace) {
    this.trace = trace;
  }

  /** Current virtual time, µs. */
  public long now() {
    return now;
  }

  /** Number of events fired so far (cancelled ones excluded). */
  public long fired() {
    return fired;
  }

  /** Number of events waiting. */
  public int pending() {
    return queue.size();
  }

  /** The trace this engine records into. */
  public Trace trace() {
    return trace;
  }

  /**
   * True when the next event is due at the same time and in the same phase as the one that just
   * fired (lets observers batch what one instant's phase produced).
   */
  public boolean nextInSamePhase(EventPriority p) {
    while (!queue.isEmpty() && queue.peek().cancelled) {
      queue.poll(); // a cancelled event never fires, so it must not hold a batch open
    }
    SimEvent n = queue.peek();
    return n != null && n.time == now && n.priority == p;
  }

  /** Runs {@code hook} after every fired event (used by the invariant checker). */
  public void afterEach(Runnable hook) {
    this.afterEach = hook;
  }

  /**
   * Schedules {@code e} at {@code time}.
   *
   * @throws IllegalArgumentException when {@code time} lies in the past
   */
  public <E extends SimEvent> E schedule(long time, EventPriority priority, E e) {
    if (time < now) {
      throw new IllegalArgumentException("cannot schedule at " + time + " before now " + now);
    }
    e.time = time;
    e.priority = priority;
    e.seq = seq++;
    queue.add(e);
    return e;
  }

  /**
   * Fires events in order until the queue is empty, the next event lies beyond {@code horizon}, or
   * {@code stop} says so. Time ends at the last fired event (or at the horizon when the queue still
   * holds later events).
   */
  public void run(long horizon, java.util.function.BooleanSupplier stop) {
    while (!queue.isEmpty() && !stop.getAsBoolean()) {
      SimEvent e = queue.peek();
      if (e.time > horizon) {
        now = horizon;
        return;
      }
      queue.poll();
      if (e.cancelled) {
        continue;
      }
      now = e.time;
      current = e.priority;
      fired++;
      trace.begin(e.time, e.priority.ordinal());
      e.trace(trace);
      e.fire();
      afterEach.run();
    }
  }
}
