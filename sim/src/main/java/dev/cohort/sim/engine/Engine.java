package dev.cohort.sim.engine;

/**
 * A single-threaded discrete-event loop over virtual time in integer microseconds. Events run in
 * the total order {@code (time, priority, seq)}, where {@code seq} is the insertion counter, so the
 * same inputs always produce the same sequence. Nothing here reads a clock.
 *
 * <p>A source that produces a known number of events one at a time (an arrivals stream, say) may
 * {@linkplain #reserve reserve} their sequence numbers up front and {@linkplain #scheduleReserved
 * schedule} each later with its reserved number: same-instant ties then resolve exactly as if every
 * event had been scheduled at the start, while the queue holds only the next one.
 */
public final class Engine {

  private final EventQueue queue = new EventQueue();

  private final Trace trace;
  private long horizon = Long.MAX_VALUE;
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

  /**
   * An engine for a run that ends at {@code horizon}: events scheduled beyond it can never fire, so
   * they are not kept (they still take their place in the tie order).
   */
  public Engine(Trace trace, long horizon) {
    this.trace = trace;
    this.horizon = horizon;
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

  /** Time of the next event that will fire, or {@link Long#MAX_VALUE} when none is left. */
  public long nextTime() {
    while (!queue.isEmpty() && queue.peek().cancelled) {
      queue.poll();
    }
    return queue.isEmpty() ? Long.MAX_VALUE : queue.peekTime();
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
    return scheduleReserved(time, priority, seq++, e);
  }

  /**
   * Reserves {@code n} consecutive sequence numbers for events to be scheduled later with {@link
   * #scheduleReserved}; returns the first.
   */
  public long reserve(long n) {
    if (n < 0 || seq + n > EventQueue.MAX_SEQ) {
      throw new IllegalArgumentException("cannot reserve " + n + " sequence numbers");
    }
    long first = seq;
    seq += n;
    return first;
  }

  /**
   * Schedules {@code e} at {@code time} with a sequence number obtained from {@link #reserve}.
   *
   * @throws IllegalArgumentException when {@code time} lies in the past
   */
  public <E extends SimEvent> E scheduleReserved(
      long time, EventPriority priority, long reservedSeq, E e) {
    if (time < now) {
      throw new IllegalArgumentException("cannot schedule at " + time + " before now " + now);
    }
    if (reservedSeq < 0 || reservedSeq >= seq) {
      throw new IllegalArgumentException("sequence number " + reservedSeq + " was not reserved");
    }
    e.time = time;
    e.priority = priority;
    e.seq = reservedSeq;
    if (time <= horizon) {
      queue.add(e, now);
    }
    return e;
  }

  /**
   * Fires events in order until {@code stop} says so or time reaches {@code horizon}. When the run
   * is not over but nothing is left to happen before the horizon, time moves to the horizon (an
   * idle cluster still exists until then); when {@code stop} ends the run, time stays at the last
   * fired event.
   */
  public void run(long horizon, java.util.function.BooleanSupplier stop) {
    while (!stop.getAsBoolean()) {
      if (queue.isEmpty() || queue.peekTime() > horizon) {
        now = Math.max(now, horizon);
        return;
      }
      SimEvent e = queue.poll();
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
