package dev.cohort.sim.run;

import dev.cohort.sim.check.Deadlock;
import dev.cohort.sim.check.DeadlockMonitor;
import dev.cohort.sim.engine.Engine;
import dev.cohort.sim.engine.EventPriority;
import dev.cohort.sim.engine.SimEvent;
import dev.cohort.sim.engine.Trace;
import dev.cohort.sim.gcs.GcsView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Looks for gang deadlocks every {@code every} µs of virtual time while some job is blocked, and
 * keeps the first sighting of each cycle.
 */
final class DeadlockWatch {
  private final Engine engine;
  private final long every;
  private final DeadlockMonitor monitor;
  private final GcsView gcs;
  private final Function<String, dev.cohort.core.job.JobController> jobs;
  private final List<Deadlock> found = new ArrayList<>();
  private final Set<List<String>> seen = new HashSet<>();
  private boolean scheduled;

  DeadlockWatch(
      Engine engine,
      long every,
      DeadlockMonitor monitor,
      GcsView gcs,
      Function<String, dev.cohort.core.job.JobController> jobs) {
    this.engine = engine;
    this.every = every;
    this.monitor = monitor;
    this.gcs = gcs;
    this.jobs = jobs;
  }

  /** A job became pending or running: look again in a while. */
  void wake() {
    if (every > 0 && !scheduled) {
      scheduled = true;
      engine.schedule(engine.now() + every, EventPriority.OBSERVE, new Observe());
    }
  }

  /** Looks now; returns true while some job is still blocked. */
  boolean look() {
    for (List<String> cycle : monitor.cycles(gcs, jobs)) {
      if (seen.add(cycle)) {
        found.add(new Deadlock(engine.now(), cycle));
      }
    }
    return monitor.anyBlocked();
  }

  /** Deadlocks seen so far, first sighting of each. */
  List<Deadlock> found() {
    return List.copyOf(found);
  }

  private final class Observe extends SimEvent {
    @Override
    public void fire() {
      scheduled = false;
      if (look()) {
        wake();
      }
    }

    @Override
    public void trace(Trace t) {
      t.kind("observe");
    }
  }
}
