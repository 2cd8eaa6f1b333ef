package dev.cohort.sim.run;

import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.Command;
import dev.cohort.sim.engine.Engine;
import dev.cohort.sim.engine.EventPriority;
import dev.cohort.sim.engine.SimEvent;
import dev.cohort.sim.engine.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Carries cluster events to job controllers. Events produced in one phase of one instant are held
 * per job and time, and delivered as one batch when the phase ends (every node of a rack declared
 * dead at once reaches a controller together); what the controller answers goes to the backend.
 */
final class Mailbox {

  /** A job's batches not yet delivered, at most one per event time. */
  static final class Outbox {
    final List<Batch> open = new ArrayList<>(2);
  }

  private record Batch(JobRun job, long at, List<ClusterEvent> events) {}

  private final Engine engine;
  private final Function<String, JobRun> jobs;
  private final BiConsumer<JobRun, List<Command>> backend;

  /** Open batches in the order their first event arrived. */
  private final List<Batch> pending = new ArrayList<>();

  Mailbox(Engine engine, Function<String, JobRun> jobs, BiConsumer<JobRun, List<Command>> backend) {
    this.engine = engine;
    this.jobs = jobs;
    this.backend = backend;
  }

  /** Holds an event for its job until the current phase ends. */
  void post(ClusterEvent event) {
    JobRun run = jobs.apply(event.job());
    if (run.outbox == null) {
      run.outbox = new Outbox();
    }
    for (Batch b : run.outbox.open) {
      if (b.at == event.at()) {
        b.events.add(event);
        return;
      }
    }
    Batch b = new Batch(run, event.at(), new ArrayList<>(4));
    b.events.add(event);
    run.outbox.open.add(b);
    pending.add(b);
  }

  /** Called after every event: delivers what the phase produced once the phase is over. */
  void afterEvent() {
    if (!pending.isEmpty() && !engine.nextInSamePhase(engine.phase())) {
      for (Batch b : pending) {
        b.job.outbox.open.clear();
        engine.schedule(b.at, EventPriority.DELIVER, new Deliver(b.job, b.events));
      }
      pending.clear();
    }
  }

  /** Delivers {@code events} to a job at {@code at} in phase {@code priority} (timers). */
  void deliverAt(long at, EventPriority priority, JobRun run, List<ClusterEvent> events) {
    engine.schedule(Math.max(engine.now(), at), priority, new Deliver(run, events));
  }

  /** Cluster events reach a job's controller (one batch per job per instant). */
  private final class Deliver extends SimEvent {
    final JobRun run;
    final List<ClusterEvent> events;

    Deliver(JobRun run, List<ClusterEvent> events) {
      this.run = run;
      this.events = events;
    }

    @Override
    public void fire() {
      backend.accept(run, run.controller.handleAll(events));
    }

    @Override
    public void trace(Trace t) {
      t.kind("deliver").field("job", run.name);
      for (ClusterEvent e : events) {
        t.field("event", e.getClass().getSimpleName());
        if (e instanceof ClusterEvent.ReplicaLost l) {
          t.field("replica", l.replica().index());
        } else if (e instanceof ClusterEvent.ReplicaExited x) {
          t.field("replica", x.replica().index()).field("code", x.exitCode());
        } else if (e instanceof ClusterEvent.PlacementGroupPlaced p) {
          t.field("pg", p.pg().index());
        }
      }
    }
  }
}
