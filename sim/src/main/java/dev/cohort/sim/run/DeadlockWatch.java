package dev.cohort.sim.run;

import dev.cohort.core.job.JobController;
import dev.cohort.sim.check.Deadlock;
import dev.cohort.sim.check.DeadlockMonitor;
import dev.cohort.sim.engine.Engine;
import dev.cohort.sim.gcs.GcsView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Looks for gang deadlocks without taking part in the run: no events of its own, so it never
 * changes a trace. It samples the state at most once per {@code every} µs of virtual time, and only
 * when something that can make or break a cycle changed since it last looked while at least two
 * blocked jobs hold capacity. It looks at the end of an instant, once the allocation has settled:
 * if the next sampling time has come, or if nothing will happen before it (the state now is then
 * the state at that time), so what it sees never depends on unrelated events. It keeps the first
 * sighting of each cycle.
 */
final class DeadlockWatch {
  private final Engine engine;
  private final long every;
  private final DeadlockMonitor monitor;
  private final GcsView gcs;
  private final Function<String, JobController> jobs;
  private final List<Deadlock> found = new ArrayList<>();
  private final Set<List<String>> seen = new HashSet<>();
  private long lookedAt = -1;
  private long nextLook;

  DeadlockWatch(
      Engine engine,
      long every,
      DeadlockMonitor monitor,
      GcsView gcs,
      Function<String, JobController> jobs) {
    this.engine = engine;
    this.every = every;
    this.monitor = monitor;
    this.gcs = gcs;
    this.jobs = jobs;
  }

  /** Called after every event; cheap unless a look is due. */
  void afterEvent() {
    if (every <= 0 || monitor.changes() == lookedAt || monitor.participants().size() < 2) {
      return;
    }
    long now = engine.now();
    long next = engine.nextTime();
    if (next == now) {
      return; // the instant is not over
    }
    if (now >= nextLook) {
      look(now);
    } else if (next > nextLook) {
      look(nextLook);
    }
  }

  /** Looks now (also at the end of a run). */
  void look() {
    look(engine.now());
  }

  private void look(long at) {
    lookedAt = monitor.changes();
    nextLook = at + every;
    for (List<String> cycle : monitor.cycles(gcs, jobs)) {
      if (seen.add(cycle)) {
        found.add(new Deadlock(at, cycle));
      }
    }
  }

  /** Deadlocks seen so far, first sighting of each. */
  List<Deadlock> found() {
    return List.copyOf(found);
  }
}
