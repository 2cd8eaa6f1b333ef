package dev.cohort.core.job;

import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.Command;
import dev.cohort.core.port.JobOutcome;
import dev.cohort.core.port.Launch;
import dev.cohort.core.port.NodeRef;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.port.Slot;
import dev.cohort.core.port.TimerKind;
import dev.cohort.core.spec.Durations;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.Reservation;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The pure state machine of one job. It reads no clock, does no I/O and starts no thread: it takes
 * timestamped {@link ClusterEvent}s and answers with {@link Command}s. The simulator and the real
 * backends drive the very same instance type, so behaviour proven in simulation is the behaviour in
 * production.
 *
 * <p>Rules (docs/state-machine.md has the full account):
 *
 * <ul>
 *   <li>placement-group reservation: one group with the {@code min} gang, requested at submission,
 *       then {@code max-min} single-bundle groups, all requested together once the gang is placed
 *       (so an extra can never hold a node its own gang needs);
 *   <li>the job is RUNNING when its gang is placed and launched; replicas whose slot is placed
 *       later join (scale-up);
 *   <li>rank 0 is the first replica launched in a group generation; the others get its host;
 *   <li>a lost replica restarts in the same slot; losing rank 0 restarts the whole group;
 *   <li>a launch the backend refuses (missing or non-executable program) fails the job at once,
 *       without drawing on the budget;
 *   <li>restarts draw on a job-wide budget; below {@code min} for {@code rendezvousTimeout} fails
 *       the job;
 *   <li>the first successful exit makes the job TERMINATING: nothing new starts.
 * </ul>
 */
public final class JobController {

  private static final class Replica {
    final ReplicaId id;
    ReplicaState state = ReplicaState.SCHEDULING;

    /** Attempt number of the current (or last) process; −1 before the first start. */
    int attempt = -1;

    /** Set when the replica failed and waits to restart (so a start is not an elastic join). */
    boolean restarting;

    /** Node of the first start, reported by the backend. */
    NodeRef firstNode;

    Replica(ReplicaId id) {
      this.id = id;
    }
  }

  private final JobSpec spec;
  private final String job;
  private final TransitionObserver observer;

  /** Made on first touch: a replica never touched is SCHEDULING with no attempt yet. */
  private final Replica[] replicas;

  /** Placement groups or plain actors. */
  private final Reservations reservations;

  /**
   * Replicas that could launch now: SCHEDULING with their slot placed. Kept current on every state
   * and slot change, so deciding what to start never walks the whole gang. Made when first needed.
   */
  private BitSet ready;

  /** Replicas RUNNING now. */
  private int runningCount;

  private JobState state = JobState.PENDING;
  private boolean submitted;
  private int restarts;
  private int generation;
  private int rank0 = -1;
  private String rank0Host = "";
  private long nextToken = 1;
  private long startToken = -1;
  private long rendezvousToken = -1;
  private long submittedAt = -1;
  private long startedAt = -1;
  private long finishedAt = -1;
  private int replicasStarted;
  private String reason = "";
  private final Events apply = new Events();

  /** A controller for {@code spec} that reports its transitions to {@code observer}. */
  public JobController(JobSpec spec, TransitionObserver observer) {
    this.spec = spec;
    this.job = spec.name();
    this.observer = observer;
    this.replicas = new Replica[spec.replicas().max()];
    Reservations.Replicas side = new Side();
    this.reservations =
        spec.reservation() == Reservation.PLACEMENT_GROUP
            ? new GroupReservations(spec, side)
            : new ActorReservations(spec, side);
  }

  private Replica replica(int i) {
    Replica r = replicas[i];
    if (r == null) {
      r = new Replica(new ReplicaId(job, i));
      replicas[i] = r;
    }
    return r;
  }

  private ReplicaState stateOf(int i) {
    Replica r = replicas[i];
    return r == null ? ReplicaState.SCHEDULING : r.state;
  }

  /** What the reservation strategy sees of this controller. */
  private final class Side implements Reservations.Replicas {
    @Override
    public ReplicaId id(int i) {
      return replica(i).id;
    }

    @Override
    public ReplicaState state(int i) {
      return stateOf(i);
    }

    @Override
    public boolean ended() {
      return state.terminal();
    }

    @Override
    public void slotChanged(int i) {
      refreshReady(i);
    }

    @Override
    public void slotLost(long at, int i, String cause, List<Command> out) {
      if (!state.terminal() && stateOf(i) == ReplicaState.RUNNING) {
        fail(at, replica(i), cause, out);
      }
    }

    @Override
    public void refused(long at, String why, List<Command> out) {
      end(at, JobOutcome.FAILED, why, out);
    }
  }

  /** A controller without an observer. */
  public JobController(JobSpec spec) {
    this(spec, TransitionObserver.NONE);
  }

  // ---------------------------------------------------------------- inputs

  /** Submits the job at time {@code at}: reserves capacity for every replica at once. */
  public List<Command> submit(long at) {
    if (submitted) {
      throw new IllegalStateException("job " + job + " was already submitted");
    }
    submitted = true;
    submittedAt = at;
    List<Command> out = new ArrayList<>();
    reservations.reserve(out);
    if (spec.startTimeout().isPresent()) {
      startToken = nextToken++;
      out.add(
          new Command.SetTimer(
              job, TimerKind.START, startToken, at + spec.startTimeout().getAsLong()));
    }
    return out;
  }

  /** Handles one event and returns what to do about it (possibly nothing). */
  public List<Command> handle(ClusterEvent event) {
    return handleAll(List.of(event));
  }

  /**
   * Handles events that happened at the same instant (e.g. every node of a rack declared dead at
   * once): all are applied first, and only then does the controller decide what to start, so it
   * never launches into a slot whose loss is still in the batch.
   */
  public List<Command> handleAll(List<ClusterEvent> events) {
    if (!submitted) {
      throw new IllegalStateException("job " + job + " got an event before submit: " + events);
    }
    List<Command> out = new ArrayList<>();
    long at = submittedAt;
    for (ClusterEvent event : events) {
      if (!event.job().equals(job)) {
        throw new IllegalArgumentException("event for job " + event.job() + " sent to " + job);
      }
      at = event.at();
      if (!state.terminal()) {
        apply.out = out;
        event.applyTo(apply);
      }
    }
    if (!state.terminal() && !events.isEmpty()) {
      reconcile(at, out);
      watchRendezvous(at, out);
    }
    return out;
  }

  /** Applies one event through the handler method for its kind. */
  private final class Events implements ClusterEvent.Handler {
    List<Command> out;

    @Override
    public void placementGroupPlaced(ClusterEvent.PlacementGroupPlaced e) {
      reservations.onPlaced(e, out);
    }

    @Override
    public void placementGroupRescheduling(ClusterEvent.PlacementGroupRescheduling e) {
      reservations.onRescheduling(e, out);
    }

    @Override
    public void placementGroupRefused(ClusterEvent.PlacementGroupRefused e) {
      reservations.onRefused(e, out);
    }

    @Override
    public void actorPlaced(ClusterEvent.ActorPlaced e) {
      reservations.onActorPlaced(e, out);
    }

    @Override
    public void actorLost(ClusterEvent.ActorLost e) {
      reservations.onActorLost(e, out);
    }

    @Override
    public void replicaStarted(ClusterEvent.ReplicaStarted e) {
      onStarted(e);
    }

    @Override
    public void replicaExited(ClusterEvent.ReplicaExited e) {
      onExited(e, out);
    }

    @Override
    public void replicaLost(ClusterEvent.ReplicaLost e) {
      onLost(e, out);
    }

    @Override
    public void launchRefused(ClusterEvent.LaunchRefused e) {
      onLaunchRefused(e, out);
    }

    @Override
    public void timerFired(ClusterEvent.TimerFired e) {
      onTimer(e, out);
    }

    @Override
    public void cancelRequested(ClusterEvent.CancelRequested e) {
      end(e.at(), JobOutcome.CANCELLED, "cancelled on request", out);
    }
  }

  private void onStarted(ClusterEvent.ReplicaStarted e) {
    Replica r = replica(e.replica().index());
    if (r.attempt == e.attempt() && r.firstNode == null) {
      r.firstNode = e.node();
    }
  }

  private void onExited(ClusterEvent.ReplicaExited e, List<Command> out) {
    Replica r = replica(e.replica().index());
    if (r.attempt != e.attempt() || r.state != ReplicaState.RUNNING) {
      return;
    }
    if (e.exitCode() == 0) {
      move(e.at(), r, ReplicaState.TASK_COMPLETED, "exit 0");
      if (state == JobState.RUNNING) {
        terminate(e.at(), out);
      }
      finishIfDrained(e.at(), out);
    } else {
      fail(e.at(), r, "exit code " + e.exitCode(), out);
    }
  }

  private void onLost(ClusterEvent.ReplicaLost e, List<Command> out) {
    Replica r = replica(e.replica().index());
    if (r.attempt != e.attempt() || r.state != ReplicaState.RUNNING) {
      return;
    }
    fail(e.at(), r, "lost: " + e.cause(), out);
  }

  /** The replica could not even start: the job cannot run here, and restarting cannot help. */
  private void onLaunchRefused(ClusterEvent.LaunchRefused e, List<Command> out) {
    Replica r = replica(e.replica().index());
    if (r.attempt != e.attempt() || r.state != ReplicaState.RUNNING) {
      return;
    }
    move(e.at(), r, ReplicaState.FAILING, "cannot launch: " + e.reason());
    move(e.at(), r, ReplicaState.FAILED, "launch refused; not retried");
    end(e.at(), JobOutcome.FAILED, "cannot launch " + r.id + ": " + e.reason(), out);
  }

  private void onTimer(ClusterEvent.TimerFired e, List<Command> out) {
    if (e.kind() == TimerKind.START && e.token() == startToken && state == JobState.PENDING) {
      end(
          e.at(),
          JobOutcome.FAILED,
          "start timeout: the gang of "
              + spec.replicas().min()
              + " did not start within "
              + Durations.format(spec.startTimeout().getAsLong()),
          out);
    } else if (e.kind() == TimerKind.RENDEZVOUS
        && e.token() == rendezvousToken
        && state == JobState.RUNNING
        && running() < spec.replicas().min()) {
      end(
          e.at(),
          JobOutcome.FAILED,
          "rendezvous timeout: "
              + running()
              + " of min "
              + spec.replicas().min()
              + " replicas running after "
              + Durations.format(spec.rendezvousTimeout()),
          out);
    }
  }

  // ---------------------------------------------------------------- rules

  /** A running replica failed (non-zero exit or lost). */
  private void fail(long at, Replica r, String cause, List<Command> out) {
    move(at, r, ReplicaState.FAILING, cause);
    if (state == JobState.TERMINATING) {
      move(at, r, ReplicaState.FAILED, "job is terminating");
      finishIfDrained(at, out);
      return;
    }
    if (restarts >= spec.maxRestarts()) {
      move(at, r, ReplicaState.FAILED, "restart budget exhausted");
      end(
          at,
          JobOutcome.FAILED,
          "restart budget of "
              + spec.maxRestarts()
              + " exhausted; last failure: "
              + r.id
              + " "
              + cause,
          out);
      return;
    }
    restarts++;
    r.restarting = true;
    move(
        at,
        r,
        ReplicaState.SCHEDULING,
        observer.detailed() ? "restart " + restarts + " of " + spec.maxRestarts() : "restart");
    if (r.id.index() == rank0) {
      groupRestart(at, out);
    }
  }

  /** Rank 0 is gone: stop everyone; the next launch elects a new rank 0. */
  private void groupRestart(long at, List<Command> out) {
    rank0 = -1;
    rank0Host = "";
    for (Replica o : replicas) {
      if (o != null && o.state == ReplicaState.RUNNING) {
        out.add(new Command.StopReplica(o.id, o.attempt));
        o.restarting = true;
        move(at, o, ReplicaState.SCHEDULING, "group restart: rank 0 lost");
      }
    }
  }

  /**
   * Below min (only possible after a loss, since a group launches with at least min) arms the
   * rendezvous timer once; back at min disarms it.
   */
  private void watchRendezvous(long at, List<Command> out) {
    if (state != JobState.RUNNING) {
      return;
    }
    if (running() >= spec.replicas().min()) {
      rendezvousToken = -1;
    } else if (rendezvousToken < 0) {
      rendezvousToken = nextToken++;
      out.add(
          new Command.SetTimer(
              job, TimerKind.RENDEZVOUS, rendezvousToken, at + spec.rendezvousTimeout()));
    }
  }

  /** First success: stop admitting replicas (TorchX semantics). */
  private void terminate(long at, List<Command> out) {
    moveJob(at, JobState.TERMINATING, "a replica completed");
    rendezvousToken = -1;
    for (int i = 0; i < replicas.length; i++) {
      if (stateOf(i) == ReplicaState.SCHEDULING) {
        move(at, replica(i), ReplicaState.CANCELLED, "job is terminating");
      }
    }
    reservations.releaseUnneeded(out);
  }

  private void finishIfDrained(long at, List<Command> out) {
    if (state == JobState.TERMINATING && running() == 0) {
      end(at, JobOutcome.SUCCEEDED, "a replica completed and all replicas finished", out);
    }
  }

  /** Ends the job: stops what runs, frees all reservations, reports the outcome. */
  private void end(long at, JobOutcome outcome, String why, List<Command> out) {
    for (int i = 0; i < replicas.length; i++) {
      ReplicaState s = stateOf(i);
      if (s == ReplicaState.RUNNING) {
        Replica o = replica(i);
        out.add(new Command.StopReplica(o.id, o.attempt));
        move(at, o, ReplicaState.CANCELLED, why);
      } else if (s == ReplicaState.SCHEDULING) {
        move(at, replica(i), ReplicaState.CANCELLED, why);
      }
    }
    reservations.releaseAll(out);
    JobState terminal =
        switch (outcome) {
          case SUCCEEDED -> JobState.SUCCEEDED;
          case FAILED -> JobState.FAILED;
          case CANCELLED -> JobState.CANCELLED;
        };
    reason = why;
    finishedAt = at;
    moveJob(at, terminal, why);
    out.add(new Command.JobFinished(job, outcome, why));
  }

  /** Starts whatever may start now. */
  private void reconcile(long at, List<Command> out) {
    if (state != JobState.PENDING && state != JobState.RUNNING) {
      return;
    }
    int min = spec.replicas().min();
    if (rank0 < 0) {
      if (state == JobState.PENDING && !reservations.readyForFirstLaunch()) {
        return;
      }
      if (ready == null || ready.cardinality() < min) {
        return;
      }
      generation++;
      rank0 = ready.nextSetBit(0);
      rank0Host = slotNode(rank0).orElseThrow().host();
      for (int i = ready.nextSetBit(0); i >= 0; i = ready.nextSetBit(i + 1)) {
        launch(at, replica(i), out);
      }
      if (state == JobState.PENDING) {
        startedAt = at;
        startToken = -1;
        moveJob(at, JobState.RUNNING, "gang of " + min + " launched");
      }
    } else if (ready != null) {
      for (int i = ready.nextSetBit(0); i >= 0; i = ready.nextSetBit(i + 1)) {
        Replica r = replica(i);
        if (!r.restarting && spec.scaleUpCountsAsRestart()) {
          if (restarts >= spec.maxRestarts()) {
            continue; // the budget cannot pay for an elastic join; stay out
          }
          restarts++;
        }
        launch(at, r, out);
      }
    }
  }

  private void launch(long at, Replica r, List<Command> out) {
    r.attempt++;
    r.restarting = false;
    replicasStarted++;
    Launch launch =
        new Launch(
            r.id.index() == rank0,
            rank0Host,
            spec.replicas().min(),
            spec.replicas().max(),
            generation);
    out.add(new Command.StartReplica(r.id, r.attempt, slotOf(r.id.index()), launch));
    move(
        at,
        r,
        ReplicaState.RUNNING,
        observer.detailed()
            ? "slot placed on " + slotNode(r.id.index()).orElseThrow()
            : "slot placed");
  }

  // ---------------------------------------------------------------- slots

  /**
   * The slot a replica always uses: gang bundle i, or its own single-bundle group, or its actor.
   */
  public Slot slotOf(int replica) {
    return reservations.slotOf(replica);
  }

  /** Node of a replica's slot, if placed. */
  public Optional<NodeRef> slotNode(int replica) {
    return Optional.ofNullable(reservations.nodeOf(replica));
  }

  private void refreshReady(int i) {
    boolean r = stateOf(i) == ReplicaState.SCHEDULING && reservations.nodeOf(i) != null;
    if (ready == null) {
      if (!r) {
        return;
      }
      ready = new BitSet(replicas.length);
    }
    ready.set(i, r);
  }

  // ---------------------------------------------------------------- transitions

  private void move(long at, Replica r, ReplicaState to, String why) {
    ReplicaState from = r.state;
    r.state = to;
    if (from == ReplicaState.RUNNING) {
      runningCount--;
    }
    if (to == ReplicaState.RUNNING) {
      runningCount++;
    }
    refreshReady(r.id.index());
    observer.replica(at, r.id, from, to, why);
  }

  private void moveJob(long at, JobState to, String why) {
    JobState from = state;
    state = to;
    observer.job(at, job, from, to, why);
  }

  // ---------------------------------------------------------------- read-only views

  /** The job this controller runs. */
  public JobSpec spec() {
    return spec;
  }

  /** Current job state. */
  public JobState state() {
    return state;
  }

  /** Current state of replica {@code i}. */
  public ReplicaState replicaState(int i) {
    return stateOf(i);
  }

  /** Current attempt number of replica {@code i} (−1 before its first start). */
  public int attempt(int i) {
    Replica r = replicas[i];
    return r == null ? -1 : r.attempt;
  }

  /** Number of replicas RUNNING now. */
  public int running() {
    return runningCount;
  }

  /** Restart budget consumed so far. */
  public int restarts() {
    return restarts;
  }

  /** How many replica processes were launched in total. */
  public int replicasStarted() {
    return replicasStarted;
  }

  /** Index of the current rank 0, or −1 while no group runs. */
  public int rank0() {
    return rank0;
  }

  /** Host of the current rank 0 ("" while no group runs). */
  public String rank0Host() {
    return rank0Host;
  }

  /** Group generation: how many times a group was launched. */
  public int generation() {
    return generation;
  }

  /** Submission time, µs (−1 before submit). */
  public long submittedAt() {
    return submittedAt;
  }

  /** Time the gang first launched, if it did. */
  public Optional<Long> startedAt() {
    return startedAt < 0 ? Optional.empty() : Optional.of(startedAt);
  }

  /** Time the job ended, if it did. */
  public Optional<Long> finishedAt() {
    return finishedAt < 0 ? Optional.empty() : Optional.of(finishedAt);
  }

  /** Why the job ended ("" while it runs). */
  public String reason() {
    return reason;
  }

  /** Node of each replica at its first start (empty for replicas never started), by index. */
  public List<Optional<NodeRef>> firstNodes() {
    List<Optional<NodeRef>> out = new ArrayList<>();
    for (Replica r : replicas) {
      out.add(r == null ? Optional.empty() : Optional.ofNullable(r.firstNode));
    }
    return Collections.unmodifiableList(out);
  }

  /** True when the rendezvous timer is armed (the job is below min and waiting). */
  public boolean awaitingRendezvous() {
    return rendezvousToken >= 0;
  }
}
