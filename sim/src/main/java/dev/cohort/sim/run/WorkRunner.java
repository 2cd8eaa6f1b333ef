package dev.cohort.sim.run;

import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.spec.WorkSpec;
import dev.cohort.sim.engine.Engine;
import dev.cohort.sim.engine.EventPriority;
import dev.cohort.sim.engine.SeedStreams;
import dev.cohort.sim.engine.SimEvent;
import dev.cohort.sim.engine.Trace;
import dev.cohort.sim.workload.GroupProgress;
import dev.cohort.sim.workload.Sampler;
import java.util.function.Consumer;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Runs the simulated work of replicas: a drawn duration per replica attempt ({@code
 * work.duration}), or a checkpointing group whose progress {@link GroupProgress} computes ({@code
 * work.total}). Owns the completion events; a finished replica leaves the process table and exits
 * 0.
 */
final class WorkRunner {

  /** A job's work state. */
  static final class JobWork {
    final GroupProgress progress;
    SimEvent step;
    UniformRandomProvider rng;

    JobWork(GroupProgress progress) {
      this.progress = progress;
    }
  }

  private final Engine engine;
  private final SeedStreams streams;
  private final ProcessTable processes;
  private final Consumer<ClusterEvent> emit;

  WorkRunner(
      Engine engine, SeedStreams streams, ProcessTable processes, Consumer<ClusterEvent> emit) {
    this.engine = engine;
    this.streams = streams;
    this.processes = processes;
    this.emit = emit;
  }

  /** A job's work state, made when its first process starts (a queued job needs none). */
  private static JobWork work(JobRun run) {
    JobWork w = run.work;
    if (w == null) {
      w =
          new JobWork(
              run.spec.work().orElseThrow() instanceof WorkSpec.Checkpointed c
                  ? new GroupProgress(c, run.spec.replicas().min())
                  : null);
      run.work = w;
    }
    return w;
  }

  /** A process came up at {@code up}: its work starts. */
  void started(ProcessTable.Proc p, long up) {
    JobRun run = p.job;
    WorkSpec work = run.spec.work().orElseThrow();
    JobWork w = work(run);
    if (work instanceof WorkSpec.PerReplica pr) {
      if (w.rng == null) {
        w.rng = streams.stream("work/" + run.name);
      }
      long d = Sampler.draw(pr.duration(), w.rng);
      p.done = engine.schedule(up + d, EventPriority.WORK, new ReplicaDone(p));
    } else {
      membersChanged(run);
    }
  }

  /** A process was stopped; {@code wasUp} when it still computed. */
  void stopped(ProcessTable.Proc p, boolean wasUp) {
    if (p.done != null) {
      p.done.cancel();
    }
    if (work(p.job).progress != null && wasUp) {
      membersChanged(p.job);
    }
  }

  /** The group's membership changed (a crash stalled members, a member started or stopped). */
  void membersChanged(JobRun run) {
    JobWork w = work(run);
    if (w.progress == null) {
      return;
    }
    w.progress.membersChanged(engine.now(), processes.up(run));
    scheduleStep(run);
  }

  /** The job ended: nothing more happens to its work. */
  void finished(JobRun run) {
    JobWork w = run.work;
    if (w != null && w.step != null) {
      w.step.cancel();
      w.step = null;
    }
  }

  private void scheduleStep(JobRun run) {
    JobWork w = run.work;
    if (w.step != null) {
      w.step.cancel();
      w.step = null;
    }
    long at = w.progress.nextStepAt();
    if (at >= 0) {
      w.step = engine.schedule(at, EventPriority.WORK, new ProgressStep(run));
    }
  }

  /** A replica's work is done: it exits 0. */
  private final class ReplicaDone extends SimEvent {
    final ProcessTable.Proc proc;

    ReplicaDone(ProcessTable.Proc proc) {
      this.proc = proc;
    }

    @Override
    public void fire() {
      processes.remove(proc);
      emit.accept(new ClusterEvent.ReplicaExited(engine.now(), proc.replica, proc.attempt, 0));
    }

    @Override
    public void trace(Trace t) {
      t.kind("replica-done")
          .field("job", proc.replica.job())
          .field("replica", proc.replica.index())
          .field("attempt", proc.attempt);
    }
  }

  /**
   * A checkpointing job's next step (restart done, checkpoint boundary, checkpoint written, end).
   */
  private final class ProgressStep extends SimEvent {
    final JobRun run;

    ProgressStep(JobRun run) {
      this.run = run;
    }

    @Override
    public void fire() {
      run.work.step = null;
      long now = engine.now();
      if (run.work.progress.step(now)) {
        for (ProcessTable.Proc p : processes.upOf(run)) {
          processes.remove(p);
          emit.accept(new ClusterEvent.ReplicaExited(now, p.replica, p.attempt, 0));
        }
      } else {
        scheduleStep(run);
      }
    }

    @Override
    public void trace(Trace t) {
      t.kind("progress")
          .field("job", run.name)
          .field("phase", run.work.progress.phase().name())
          .field("progress", run.work.progress.progress());
    }
  }
}
