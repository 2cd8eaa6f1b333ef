package dev.cohort.sim.run;

/**
 * How a caller watches and stops a study from outside while it runs: a stop request (Ctrl-C) that
 * every simulation checks between events, and a view of how far virtual time has come. Looking
 * never changes what a simulation does; stopping ends it early and marks its result {@link
 * RunResult#stoppedEarly() stopped early}, so only complete runs are deterministic.
 *
 * <p>Simulations poll once every {@value #POLL_EVERY} events, so the cost is one counter test per
 * event. One control may be shared by every replication of a study; the progress it shows is that
 * of the most recently polled run.
 */
public final class RunControl {
  /** Events between two polls. */
  public static final int POLL_EVERY = 1 << 14;

  /** A control nobody stops or watches. */
  public static final RunControl NONE = new RunControl();

  private volatile boolean stopRequested;
  private volatile long now;
  private volatile long events;

  /** Asks every simulation using this control to stop at its next poll. */
  public void requestStop() {
    if (this == NONE) {
      throw new IllegalStateException("RunControl.NONE cannot be stopped; make a new control");
    }
    stopRequested = true;
  }

  /** Whether a stop has been asked for. */
  public boolean stopRequested() {
    return stopRequested;
  }

  /** Virtual time (µs) of the most recently polled run. */
  public long now() {
    return now;
  }

  /** Events fired so far by the most recently polled run. */
  public long events() {
    return events;
  }

  /** Called by a simulation between events; true when it should stop now. */
  boolean poll(long fired, long at) {
    if ((fired & (POLL_EVERY - 1)) != 0) {
      return false;
    }
    if (this != NONE) {
      now = at;
      events = fired;
    }
    return stopRequested;
  }
}
