package dev.cohort.sim.run;

import dev.cohort.core.spec.Durations;
import dev.cohort.sim.cluster.Incident;
import dev.cohort.sim.engine.Engine;
import dev.cohort.sim.engine.EventPriority;
import dev.cohort.sim.engine.SeedStreams;
import dev.cohort.sim.engine.SimEvent;
import dev.cohort.sim.engine.Trace;
import dev.cohort.sim.scenario.MaintenanceSpec;
import dev.cohort.sim.workload.Sampler;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Planned maintenance windows: each entry's windows come at intervals drawn from its {@code every}
 * (stream {@code maintenance/<index>}); at each, every job with running processes restarts its work
 * in place ({@link WorkRunner#plannedRestart}) and counts one interruption of the entry's cause.
 * One window per entry is in the queue at a time; a window costs O(jobs with processes).
 */
final class Maintenance {
  private final Engine engine;
  private final SeedStreams streams;
  private final ProcessTable processes;
  private final WorkRunner work;
  private final BiConsumer<JobRun, Incident> interrupted;

  Maintenance(
      Engine engine,
      SeedStreams streams,
      ProcessTable processes,
      WorkRunner work,
      BiConsumer<JobRun, Incident> interrupted) {
    this.engine = engine;
    this.streams = streams;
    this.processes = processes;
    this.work = work;
    this.interrupted = interrupted;
  }

  /** Schedules the first window of each entry. */
  void start(List<MaintenanceSpec> specs) {
    for (int i = 0; i < specs.size(); i++) {
      MaintenanceSpec m = specs.get(i);
      UniformRandomProvider rng = streams.stream("maintenance/" + i);
      long at = Durations.plus(m.startAt(), Sampler.draw(m.every(), rng));
      engine.schedule(at, EventPriority.WORK, new Window(m, rng));
    }
  }

  /** One maintenance window. */
  private final class Window extends SimEvent {
    final MaintenanceSpec spec;
    final UniformRandomProvider rng;

    Window(MaintenanceSpec spec, UniformRandomProvider rng) {
      this.spec = spec;
      this.rng = rng;
    }

    @Override
    public void fire() {
      long next = Durations.plus(engine.now(), Sampler.draw(spec.every(), rng));
      engine.schedule(next, EventPriority.WORK, new Window(spec, rng));
      Incident incident = new Incident(-1, spec.name());
      for (JobRun run : processes.jobsWithProcesses()) {
        if (work.plannedRestart(run, spec.downtime(), spec.checkpointFirst())) {
          interrupted.accept(run, incident);
        }
      }
    }

    @Override
    public void trace(Trace t) {
      t.kind("maintenance").field("cause", spec.name());
    }
  }
}
