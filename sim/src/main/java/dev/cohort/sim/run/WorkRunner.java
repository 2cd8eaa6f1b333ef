package dev.cohort.sim.run;

import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.spec.Durations;
import dev.cohort.core.spec.WorkSpec;
import dev.cohort.sim.engine.Engine;
import dev.cohort.sim.engine.EventPriority;
import dev.cohort.sim.engine.SeedStreams;
import dev.cohort.sim.engine.SimEvent;
import dev.cohort.sim.engine.Trace;
import dev.cohort.sim.workload.GroupProgress;
import dev.cohort.sim.workload.Sampler;
import dev.cohort.sim.workload.TimeLedger;
import dev.cohort.sim.workload.TimeUse;
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
    final TimeLedger ledger;
    final GroupProgress progress;
    SimEvent step;
    UniformRandomProvider rng;

    /** Work drawn per replica: a replica completed, so the job succeeds once the rest drain. */
    boolean completed;

    JobWork(TimeLedger ledger, GroupProgress progress) {
      this.ledger = ledger;
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
      TimeLedger ledger = new TimeLedger(run.submitAt);
      w =
          new JobWork(
              ledger,
              run.spec.work().orElseThrow() instanceof WorkSpec.Checkpointed c
                  ? new GroupProgress(c, run.spec.replicas().min(), ledger)
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
      scheduleDone(p, w, pr, up);
    }
    membersChanged(run);
  }

  private void scheduleDone(ProcessTable.Proc p, JobWork w, WorkSpec.PerReplica pr, long from) {
    if (w.rng == null) {
      w.rng = streams.stream("work/" + p.job.name);
    }
    long d = Sampler.draw(pr.duration(), w.rng);
    p.done = engine.schedule(Durations.plus(from, d), EventPriority.WORK, new ReplicaDone(p));
  }

  /** A process was stopped; {@code wasUp} when it still computed. */
  void stopped(ProcessTable.Proc p, boolean wasUp) {
    if (p.done != null) {
      p.done.cancel();
    }
    if (wasUp) {
      membersChanged(p.job);
    }
  }

  /**
   * The group's membership changed (a crash stalled members, a member started or stopped). Work
   * drawn per replica keeps nothing across a fall below min: the time the gang computed since it
   * last came up is recomputed.
   */
  void membersChanged(JobRun run) {
    JobWork w = work(run);
    long now = engine.now();
    if (w.progress != null) {
      w.progress.membersChanged(now, processes.up(run));
      scheduleStep(run);
    } else if (w.completed) {
      return;
    } else if (processes.up(run) >= run.spec.replicas().min()) {
      if (w.ledger.use() == TimeLedger.Use.WAITING) {
        w.ledger.enter(now, TimeLedger.Use.COMPUTING);
      }
    } else if (w.ledger.use() != TimeLedger.Use.WAITING) {
      w.ledger.rolledBack(now);
      w.ledger.enter(now, TimeLedger.Use.WAITING);
    }
  }

  /**
   * A planned restart of the job's work at the current instant, its members kept: see {@link
   * GroupProgress#plannedRestart}; work drawn per replica starts over after the downtime with new
   * draws.
   *
   * @return true when the job was computing (and so was interrupted)
   */
  boolean plannedRestart(JobRun run, long downtime, boolean checkpointFirst) {
    JobWork w = run.work;
    if (w == null) {
      return false;
    }
    long now = engine.now();
    if (w.progress != null) {
      boolean hit = w.progress.plannedRestart(now, downtime, checkpointFirst);
      if (hit) {
        scheduleStep(run);
      }
      return hit;
    }
    if (w.completed || w.ledger.use() == TimeLedger.Use.WAITING) {
      return false;
    }
    w.ledger.rolledBack(now);
    long resume = Durations.plus(now, downtime);
    w.ledger.restartUntil(now, resume);
    WorkSpec.PerReplica pr = (WorkSpec.PerReplica) run.spec.work().orElseThrow();
    for (ProcessTable.Proc p : processes.upOf(run)) {
      if (p.done != null) {
        p.done.cancel();
      }
      scheduleDone(p, w, pr, resume);
    }
    return true;
  }

  /** The job ended: nothing more happens to its work. */
  void finished(JobRun run) {
    JobWork w = run.work;
    if (w != null && w.step != null) {
      w.step.cancel();
      w.step = null;
    }
  }

  /**
   * How the job spent its time up to {@code now}, when it ended or the run did; {@code kept} when
   * its unsaved computing survives (it succeeded, or is still running).
   */
  TimeUse timeUse(JobRun run, long now, boolean kept) {
    return run.work == null
        ? new TimeUse(0, Math.max(0, now - run.submitAt), 0, 0, 0)
        : run.work.ledger.finish(now, kept);
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
      proc.job.work.completed = true; // the job succeeds; the others drain as productive time
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
