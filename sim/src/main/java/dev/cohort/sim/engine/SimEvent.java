package dev.cohort.sim.engine;

/**
 * Something that happens at a virtual instant. Subclasses say what happens ({@link #fire}) and how
 * it is traced ({@link #trace}); the engine owns time, priority and the insertion sequence.
 */
public abstract class SimEvent {
  long time;
  EventPriority priority;
  long seq;
  boolean cancelled;

  /** The queue holding this event and its position there, while it waits. */
  EventQueue queue;

  int heapIndex = -1;

  /** Virtual time in microseconds. */
  public final long time() {
    return time;
  }

  /** Same-time ordering class. */
  public final EventPriority priority() {
    return priority;
  }

  /**
   * Stops a scheduled event from firing (e.g. a replica's completion after its node crashed). It
   * leaves the queue at once, so cancelled events never cost later work.
   */
  public final void cancel() {
    cancelled = true;
    if (queue != null) {
      queue.remove(this);
    }
  }

  /** True once cancelled. */
  public final boolean isCancelled() {
    return cancelled;
  }

  /** Does the event's work; may schedule further events. */
  public abstract void fire();

  /** Feeds the event's identifying fields to the trace. */
  public abstract void trace(Trace trace);
}
