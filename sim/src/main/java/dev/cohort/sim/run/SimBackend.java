package dev.cohort.sim.run;

import dev.cohort.core.port.ClusterCommand;
import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.Command;
import dev.cohort.core.port.LoopEffect;
import dev.cohort.core.port.Slot;
import dev.cohort.sim.cluster.Cluster;
import dev.cohort.sim.cluster.SimNode;
import dev.cohort.sim.engine.Engine;
import dev.cohort.sim.engine.EventPriority;
import dev.cohort.sim.gcs.FakeGcs;
import java.util.List;
import java.util.function.Consumer;

/**
 * The simulator as a backend: carries out a controller's commands against the fake GCS, the process
 * table and the work models, in the order given. Placement groups and actor leases go to the GCS; a
 * start puts a process on the slot's node (stalled at once if that node already crashed); timers
 * come back through the mailbox; a finished job leaves the job table.
 */
final class SimBackend implements ClusterCommand.Handler, LoopEffect.Handler {
  /** The job whose commands are being carried out. */
  private JobRun current;

  private final Engine engine;
  private final Cluster cluster;
  private final FakeGcs gcs;
  private final ProcessTable processes;
  private final WorkRunner work;
  private final Mailbox mailbox;
  private final Consumer<ClusterEvent> emit;
  private final long startLatency;
  private final Consumer<JobRun> finished;

  SimBackend(
      Engine engine,
      Cluster cluster,
      FakeGcs gcs,
      ProcessTable processes,
      WorkRunner work,
      Mailbox mailbox,
      Consumer<ClusterEvent> emit,
      long startLatency,
      Consumer<JobRun> finished) {
    this.engine = engine;
    this.cluster = cluster;
    this.gcs = gcs;
    this.processes = processes;
    this.work = work;
    this.mailbox = mailbox;
    this.emit = emit;
    this.startLatency = startLatency;
    this.finished = finished;
  }

  /** Carries out {@code commands} of job {@code run}, in order. */
  void execute(JobRun run, List<Command> commands) {
    JobRun outer = current;
    current = run;
    try {
      for (Command c : commands) {
        c.dispatch(this, this);
      }
    } finally {
      current = outer;
    }
  }

  @Override
  public void createPlacementGroup(Command.CreatePlacementGroup c) {
    gcs.createPlacementGroup(c.spec());
  }

  @Override
  public void removePlacementGroup(Command.RemovePlacementGroup c) {
    gcs.removePlacementGroup(c.pg());
  }

  @Override
  public void requestActor(Command.RequestActor c) {
    gcs.requestActor(c.replica(), c.lease(), c.demand());
  }

  @Override
  public void releaseActor(Command.ReleaseActor c) {
    gcs.releaseActor(c.replica(), c.lease());
  }

  @Override
  public void startReplica(Command.StartReplica c) {
    start(current, c);
  }

  @Override
  public void stopReplica(Command.StopReplica c) {
    stop(current, c);
  }

  @Override
  public void setTimer(Command.SetTimer t) {
    mailbox.deliverAt(
        t.at(),
        EventPriority.TIMER,
        current,
        List.of(new ClusterEvent.TimerFired(t.at(), t.job(), t.kind(), t.token())));
  }

  @Override
  public void jobFinished(Command.JobFinished f) {
    work.finished(current);
    finished.accept(current);
  }

  private void start(JobRun run, Command.StartReplica s) {
    long now = engine.now();
    int node =
        s.slot() instanceof Slot.InBundle ib
            ? gcs.bundleNode(ib.pg(), ib.bundle())
            : gcs.actorNode(s.replica());
    if (node < 0) {
      throw new IllegalStateException(
          "controller started " + s.replica() + " in an unplaced slot " + s.slot() + " at " + now);
    }
    ProcessTable.Proc p = processes.add(run, s.replica(), s.attempt(), node, s.slot());
    SimNode n = cluster.node(node);
    if (n.crashed()) {
      processes.stall(p); // the actor lands on a node that is already gone; lost at detection
      return;
    }
    long up = now + startLatency;
    emit.accept(new ClusterEvent.ReplicaStarted(up, s.replica(), s.attempt(), n.ref()));
    work.started(p, up);
  }

  private void stop(JobRun run, Command.StopReplica s) {
    ProcessTable.Proc p = processes.get(run, s.replica().index());
    if (p == null || p.attempt != s.attempt()) {
      return;
    }
    boolean wasUp = !p.stalled;
    processes.remove(p);
    work.stopped(p, wasUp);
  }
}
