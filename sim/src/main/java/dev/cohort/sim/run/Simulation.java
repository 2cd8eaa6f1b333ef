package dev.cohort.sim.run;

import dev.cohort.core.job.JobController;
import dev.cohort.core.job.JobState;
import dev.cohort.core.job.ReplicaState;
import dev.cohort.core.job.StateGraph;
import dev.cohort.core.job.TransitionObserver;
import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.Command;
import dev.cohort.core.port.NodeRef;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.port.Slot;
import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.WorkSpec;
import dev.cohort.sim.check.Deadlock;
import dev.cohort.sim.check.InvariantChecker;
import dev.cohort.sim.check.WaitForGraph;
import dev.cohort.sim.cluster.Cluster;
import dev.cohort.sim.cluster.SimNode;
import dev.cohort.sim.engine.Engine;
import dev.cohort.sim.engine.EventPriority;
import dev.cohort.sim.engine.SeedStreams;
import dev.cohort.sim.engine.SimEvent;
import dev.cohort.sim.engine.Trace;
import dev.cohort.sim.gcs.FakeGcs;
import dev.cohort.sim.gcs.GcsObserver;
import dev.cohort.sim.scenario.ArrivalSpec;
import dev.cohort.sim.scenario.NodeGroupSpec;
import dev.cohort.sim.scenario.RandomFailureSpec;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioJob;
import dev.cohort.sim.scenario.ScriptedFailure;
import dev.cohort.sim.workload.GroupProgress;
import dev.cohort.sim.workload.Sampler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.ExponentialDistribution;

/**
 * One run of a scenario with one seed: the same {@link JobController}s the real driver uses,
 * against a simulated cluster and a {@link FakeGcs}. Single-threaded, virtual time only; the same
 * scenario and seed always give the same trace hash.
 */
public final class Simulation implements GcsObserver {

  /** A job known to the simulation (declared, or generated and already submitted). */
  final class JobRun {
    final JobSpec spec;
    final String source;
    final long submitAt;
    final int order;
    JobController controller;
    GroupProgress progress;
    SimEvent progressStep;
    UniformRandomProvider workRng;

    /** This job's live processes, and how many of them are not stalled on a crashed node. */
    final TreeMap<ReplicaId, Proc> procs = new TreeMap<>();

    int up;

    JobRun(JobSpec spec, String source, long submitAt, int order) {
      this.spec = spec;
      this.source = source;
      this.submitAt = submitAt;
      this.order = order;
    }

    UniformRandomProvider workRng() {
      if (workRng == null) {
        workRng = streams.stream("work/" + spec.name());
      }
      return workRng;
    }
  }

  /** A replica process on a node. */
  static final class Proc {
    final ReplicaId replica;
    final int attempt;
    final int node;
    final Slot slot;
    SimEvent done;
    boolean stalled;

    Proc(ReplicaId replica, int attempt, int node, Slot slot) {
      this.replica = replica;
      this.attempt = attempt;
      this.node = node;
      this.slot = slot;
    }
  }

  private final Scenario scenario;
  private final SimOptions options;
  private final SeedStreams streams;
  private final Trace trace;
  private final Engine engine;
  private final Cluster cluster = new Cluster();
  private final FakeGcs gcs;
  private final TreeMap<String, JobRun> jobs = new TreeMap<>();

  /** Submitted jobs that have not finished, so checks never walk the whole history. */
  private final TreeMap<String, JobRun> active = new TreeMap<>();

  private final TreeMap<ReplicaId, Proc> procs = new TreeMap<>();

  /** Live processes by node id, so a crash touches only that node's processes. */
  private final Map<Integer, TreeMap<ReplicaId, Proc>> procsOnNode = new java.util.HashMap<>();

  /** Events produced by the current phase, batched per job and instant (insertion ordered). */
  private final LinkedHashMap<OutboxKey, List<ClusterEvent>> outbox = new LinkedHashMap<>();

  private record OutboxKey(String job, long at) {}

  private final List<Deadlock> deadlocks = new ArrayList<>();
  private final TreeSet<List<String>> deadlockSets =
      new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
  private final Timeline timeline = new Timeline();
  private final UtilizationMeter utilization;
  private final Map<String, Integer> holdCount = new TreeMap<>();
  private final Map<String, Long> holdSince = new TreeMap<>();
  private final Map<String, Long> downSince = new TreeMap<>();
  private final InvariantChecker checker;
  private int unfinished;
  private int submissionsLeft;
  private int jobOrder;
  private boolean observeScheduled;

  private Simulation(Scenario scenario, long seed, SimOptions options) {
    this.scenario = scenario;
    this.options = options;
    this.streams = new SeedStreams(seed);
    this.trace = new Trace(options.traceLines().orElse(null));
    this.engine = new Engine(trace);
    this.gcs = new FakeGcs(engine, scenario.gcs(), cluster, this);
    TreeSet<String> requested = new TreeSet<>();
    for (ScenarioJob j : scenario.jobs()) {
      names(j.spec().resources(), requested);
    }
    for (ArrivalSpec a : scenario.arrivals()) {
      names(a.template().resources(), requested);
    }
    this.utilization = new UtilizationMeter(requested);
    this.checker = options.checkInvariants() ? new InvariantChecker(this) : null;
    engine.afterEach(this::afterEvent);
  }

  private static void names(Resources r, TreeSet<String> out) {
    for (int i = 0; i < r.size(); i++) {
      out.add(r.name(i));
    }
  }

  /** Runs {@code scenario} with {@code seed}. */
  public static RunResult run(Scenario scenario, long seed, SimOptions options) {
    Simulation s = new Simulation(scenario, seed, options);
    return s.execute();
  }

  /** Runs {@code scenario} with its own seed and default options. */
  public static RunResult run(Scenario scenario) {
    return run(scenario, scenario.seed(), SimOptions.DEFAULT);
  }

  // ================================================================= setup

  private RunResult execute() {
    for (NodeGroupSpec g : scenario.nodeGroups()) {
      for (int i = 0; i < g.count(); i++) {
        engine.schedule(g.joinAt(), EventPriority.NODE_JOIN, new NodeJoin(g, g.nodeName(i)));
      }
    }
    for (ScriptedFailure f : scenario.failures()) {
      engine.schedule(
          f.at(), EventPriority.NODE_CRASH, new NodeCrash(f.node(), f.downFor(), "scripted"));
    }
    for (RandomFailureSpec rf : scenario.randomFailures()) {
      rf.label().ifPresent(label -> scheduleCorrelatedFailures(rf, label));
    }
    for (ScenarioJob j : scenario.jobs()) {
      JobRun run = new JobRun(j.spec(), "", j.submitAt(), jobOrder++);
      jobs.put(j.spec().name(), run);
      submissionsLeft++;
      engine.schedule(j.submitAt(), EventPriority.SUBMIT, new Submit(run));
    }
    for (ArrivalSpec a : scenario.arrivals()) {
      scheduleArrivals(a);
    }
    engine.run(scenario.horizon(), () -> submissionsLeft == 0 && unfinished == 0);
    long end = engine.now();
    trace.finish();
    if (options.deadlockCheckEvery() > 0) {
      observeDeadlocks();
    }
    return result(end);
  }

  private void scheduleArrivals(ArrivalSpec a) {
    UniformRandomProvider rng = streams.stream("arrivals/" + a.name());
    long t = a.startAt();
    for (int k = 0; k < a.count(); k++) {
      if (k > 0 || a.process() == ArrivalSpec.Process.POISSON) {
        if (a.process() == ArrivalSpec.Process.POISSON) {
          double meanMicros = 3_600_000_000.0 / a.ratePerHour();
          t +=
              Math.max(
                  0L,
                  Math.round(ExponentialDistribution.of(meanMicros).createSampler(rng).sample()));
        } else {
          t += a.interval();
        }
      }
      if (t > scenario.horizon()) {
        break;
      }
      JobSpec spec = a.template().toBuilder().name(a.jobName(k)).build();
      JobRun run = new JobRun(spec, a.name(), t, jobOrder++);
      submissionsLeft++;
      engine.schedule(t, EventPriority.SUBMIT, new Submit(run));
    }
  }

  private void scheduleCorrelatedFailures(RandomFailureSpec rf, String label) {
    TreeSet<String> values = new TreeSet<>();
    for (NodeGroupSpec g : scenario.nodeGroups()) {
      String v = g.labels().get(label);
      if (v != null) {
        values.add(v);
      }
    }
    for (String v : values) {
      UniformRandomProvider rng = streams.stream("failures/" + label + "=" + v);
      long at = Sampler.draw(rf.mtbf(), rng);
      engine.schedule(at, EventPriority.NODE_CRASH, new DomainCrash(rf, label, v, rng));
    }
  }

  // ================================================================= events

  /** A node (or a repaired node) registers. */
  private final class NodeJoin extends SimEvent {
    final NodeGroupSpec group;
    final String name;

    NodeJoin(NodeGroupSpec group, String name) {
      this.group = group;
      this.name = name;
    }

    @Override
    public void fire() {
      long now = engine.now();
      SimNode n = cluster.join(name, group.name(), group.resources(), group.labels(), now);
      if (n.incarnation() == 0 && options.recordTimeline()) {
        timeline.nodes().add(name);
      }
      Long down = downSince.remove(name);
      if (down != null && options.recordTimeline()) {
        timeline.outages().add(new Timeline.Outage(name, down, now));
      }
      utilization.nodeUp(now, n.total());
      gcs.nodeAdded(n);
      for (RandomFailureSpec rf : scenario.randomFailures()) {
        if (rf.label().isEmpty()) {
          UniformRandomProvider rng = nodeFailureRng(name);
          long at = now + Sampler.draw(rf.mtbf(), rng);
          long repair = Sampler.draw(rf.repair(), rng);
          engine.schedule(at, EventPriority.NODE_CRASH, new IncarnationCrash(n, repair));
        }
      }
    }

    @Override
    public void trace(Trace t) {
      t.kind("node-join").field("node", name);
    }
  }

  private final Map<String, UniformRandomProvider> nodeRngs = new TreeMap<>();

  private UniformRandomProvider nodeFailureRng(String name) {
    return nodeRngs.computeIfAbsent(name, k -> streams.stream("failures/" + k));
  }

  /** A scripted crash of whatever incarnation of {@code name} is up. */
  private final class NodeCrash extends SimEvent {
    final String name;
    final OptionalLong downFor;
    final String cause;

    NodeCrash(String name, OptionalLong downFor, String cause) {
      this.name = name;
      this.downFor = downFor;
      this.cause = cause;
    }

    @Override
    public void fire() {
      cluster.current(name).ifPresent(n -> crash(n, downFor, cause));
    }

    @Override
    public void trace(Trace t) {
      t.kind("node-crash").field("node", name).field("cause", cause);
    }
  }

  /** A random crash of one specific incarnation (a later incarnation has its own clock). */
  private final class IncarnationCrash extends SimEvent {
    final SimNode node;
    final long repair;

    IncarnationCrash(SimNode node, long repair) {
      this.node = node;
      this.repair = repair;
    }

    @Override
    public void fire() {
      crash(node, OptionalLong.of(repair), "random");
    }

    @Override
    public void trace(Trace t) {
      t.kind("node-crash")
          .field("node", node.name())
          .field("incarnation", node.incarnation())
          .field("cause", "random");
    }
  }

  /** All up nodes sharing a label value crash together (a rack, a switch, a PDU). */
  private final class DomainCrash extends SimEvent {
    final RandomFailureSpec spec;
    final String label;
    final String value;
    final UniformRandomProvider rng;

    DomainCrash(RandomFailureSpec spec, String label, String value, UniformRandomProvider rng) {
      this.spec = spec;
      this.label = label;
      this.value = value;
      this.rng = rng;
    }

    @Override
    public void fire() {
      long repair = Sampler.draw(spec.repair(), rng);
      for (SimNode n : cluster.upWithLabel(label, value)) {
        crash(n, OptionalLong.of(repair), label + "=" + value);
      }
      long next = engine.now() + repair + Sampler.draw(spec.mtbf(), rng);
      engine.schedule(next, EventPriority.NODE_CRASH, new DomainCrash(spec, label, value, rng));
    }

    @Override
    public void trace(Trace t) {
      t.kind("domain-crash").field("label", label).field("value", value);
    }
  }

  private void crash(SimNode n, OptionalLong downFor, String cause) {
    if (!cluster.crash(n)) {
      return;
    }
    long now = engine.now();
    downSince.put(n.name(), now);
    TreeSet<String> touched = new TreeSet<>();
    for (Proc p : procsOn(n.id()).values()) {
      if (!p.stalled) {
        stall(p);
        touched.add(p.replica.job());
      }
    }
    for (String job : touched) {
      membersChanged(jobs.get(job));
    }
    engine.schedule(
        scenario.gcs().deathTime(n.registeredAt(), now), EventPriority.NODE_DEAD, new NodeDead(n));
    downFor.ifPresent(
        d -> {
          NodeGroupSpec g = group(n.group());
          engine.schedule(now + d, EventPriority.NODE_JOIN, new NodeJoin(g, n.name()));
        });
  }

  private NodeGroupSpec group(String name) {
    for (NodeGroupSpec g : scenario.nodeGroups()) {
      if (g.name().equals(name)) {
        return g;
      }
    }
    throw new IllegalStateException("no node group " + name);
  }

  /** Health checks declare a crashed node dead. */
  private final class NodeDead extends SimEvent {
    final SimNode node;

    NodeDead(SimNode node) {
      this.node = node;
    }

    @Override
    public void fire() {
      long now = engine.now();
      cluster.declareDead(node);
      utilization.nodeDown(now, node.total());
      gcs.nodeDead(node);
      List<Proc> lost = new ArrayList<>();
      lost.addAll(procsOn(node.id()).values());
      for (Proc p : lost) {
        removeProc(p);
        emit(
            new ClusterEvent.ReplicaLost(
                now, p.replica, p.attempt, "node " + node.ref() + " died"));
      }
    }

    @Override
    public void trace(Trace t) {
      t.kind("node-dead").field("node", node.name()).field("incarnation", node.incarnation());
    }
  }

  /** A job is submitted. */
  private final class Submit extends SimEvent {
    final JobRun run;

    Submit(JobRun run) {
      this.run = run;
    }

    @Override
    public void fire() {
      submissionsLeft--;
      unfinished++;
      jobs.put(run.spec.name(), run);
      active.put(run.spec.name(), run);
      run.controller = new JobController(run.spec, transitions);
      if (run.spec.work().orElse(null) instanceof WorkSpec.Checkpointed c) {
        run.progress = new GroupProgress(c, run.spec.replicas().min());
      }
      dispatch(run, run.controller.submit(engine.now()));
    }

    @Override
    public void trace(Trace t) {
      t.kind("submit").field("job", run.spec.name());
    }
  }

  /** Cluster events reach a job's controller (one batch per job per instant). */
  private final class Deliver extends SimEvent {
    final String job;
    final List<ClusterEvent> events;

    Deliver(String job, List<ClusterEvent> events) {
      this.job = job;
      this.events = events;
    }

    @Override
    public void fire() {
      JobRun run = jobs.get(job);
      dispatch(run, run.controller.handleAll(events));
    }

    @Override
    public void trace(Trace t) {
      t.kind("deliver").field("job", job);
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

  /** A replica's work is done: it exits 0. */
  private final class ReplicaDone extends SimEvent {
    final Proc proc;

    ReplicaDone(Proc proc) {
      this.proc = proc;
    }

    @Override
    public void fire() {
      removeProc(proc);
      emit(new ClusterEvent.ReplicaExited(engine.now(), proc.replica, proc.attempt, 0));
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
      run.progressStep = null;
      long now = engine.now();
      if (run.progress.step(now)) {
        List<Proc> members = new ArrayList<>();
        for (Proc p : run.procs.values()) {
          if (!p.stalled) {
            members.add(p);
          }
        }
        for (Proc p : members) {
          removeProc(p);
          emit(new ClusterEvent.ReplicaExited(now, p.replica, p.attempt, 0));
        }
      } else {
        scheduleProgress(run);
      }
    }

    @Override
    public void trace(Trace t) {
      t.kind("progress")
          .field("job", run.spec.name())
          .field("phase", run.progress.phase().name())
          .field("progress", run.progress.progress());
    }
  }

  /** Periodic look for gang deadlocks while some job is blocked. */
  private final class Observe extends SimEvent {
    @Override
    public void fire() {
      observeScheduled = false;
      if (observeDeadlocks()) {
        scheduleObserve();
      }
    }

    @Override
    public void trace(Trace t) {
      t.kind("observe");
    }
  }

  // ================================================================= commands

  private void dispatch(JobRun run, List<Command> commands) {
    long now = engine.now();
    for (Command c : commands) {
      if (c instanceof Command.CreatePlacementGroup cp) {
        gcs.createPlacementGroup(cp.spec());
      } else if (c instanceof Command.RemovePlacementGroup rp) {
        gcs.removePlacementGroup(rp.pg());
      } else if (c instanceof Command.RequestActor ra) {
        gcs.requestActor(ra.replica(), ra.lease(), ra.demand());
      } else if (c instanceof Command.ReleaseActor ra) {
        gcs.releaseActor(ra.replica(), ra.lease());
      } else if (c instanceof Command.StartReplica s) {
        start(run, s);
      } else if (c instanceof Command.StopReplica s) {
        stop(run, s.replica(), s.attempt());
      } else if (c instanceof Command.SetTimer t) {
        engine.schedule(
            Math.max(now, t.at()),
            EventPriority.TIMER,
            new Deliver(
                run.spec.name(),
                List.of(new ClusterEvent.TimerFired(t.at(), t.job(), t.kind(), t.token()))));
      } else if (c instanceof Command.JobFinished) {
        unfinished--;
        active.remove(run.spec.name());
        if (run.progressStep != null) {
          run.progressStep.cancel();
          run.progressStep = null;
        }
      }
    }
  }

  private void start(JobRun run, Command.StartReplica s) {
    long now = engine.now();
    int node;
    if (s.slot() instanceof Slot.InBundle ib) {
      node = gcs.bundleNode(ib.pg(), ib.bundle());
    } else {
      node = gcs.actorNode(s.replica());
    }
    if (node < 0) {
      throw new IllegalStateException(
          "controller started " + s.replica() + " in an unplaced slot " + s.slot() + " at " + now);
    }
    Proc p = new Proc(s.replica(), s.attempt(), node, s.slot());
    SimNode n = cluster.node(node);
    addProc(run, p);
    if (n.crashed()) {
      stall(p); // the actor lands on a node that is already gone; lost at detection
      return;
    }
    long up = now + scenario.gcs().startLatency();
    emit(new ClusterEvent.ReplicaStarted(up, s.replica(), s.attempt(), n.ref()));
    WorkSpec work = run.spec.work().orElseThrow();
    if (work instanceof WorkSpec.PerReplica pr) {
      long d = Sampler.draw(pr.duration(), run.workRng());
      p.done = engine.schedule(up + d, EventPriority.WORK, new ReplicaDone(p));
    } else {
      membersChanged(run);
    }
  }

  private void stop(JobRun run, ReplicaId replica, int attempt) {
    Proc p = procs.get(replica);
    if (p == null || p.attempt != attempt) {
      return;
    }
    boolean wasUp = !p.stalled;
    removeProc(p);
    if (p.done != null) {
      p.done.cancel();
    }
    if (run.progress != null && wasUp) {
      membersChanged(run);
    }
  }

  private TreeMap<ReplicaId, Proc> procsOn(int node) {
    TreeMap<ReplicaId, Proc> m = procsOnNode.get(node);
    return m == null ? new TreeMap<>() : m;
  }

  private void addProc(JobRun run, Proc p) {
    procs.put(p.replica, p);
    run.procs.put(p.replica, p);
    run.up++;
    procsOnNode.computeIfAbsent(p.node, k -> new TreeMap<>()).put(p.replica, p);
  }

  private void removeProc(Proc p) {
    procs.remove(p.replica);
    JobRun run = jobs.get(p.replica.job());
    run.procs.remove(p.replica);
    if (!p.stalled) {
      run.up--;
    }
    TreeMap<ReplicaId, Proc> on = procsOnNode.get(p.node);
    if (on != null) {
      on.remove(p.replica);
      if (on.isEmpty()) {
        procsOnNode.remove(p.node);
      }
    }
  }

  /** The process's node crashed: it stops (no completion, no progress) but is not yet reported. */
  private void stall(Proc p) {
    if (!p.stalled) {
      p.stalled = true;
      jobs.get(p.replica.job()).up--;
      if (p.done != null) {
        p.done.cancel();
      }
    }
  }

  private void membersChanged(JobRun run) {
    if (run.progress == null) {
      return;
    }
    run.progress.membersChanged(engine.now(), run.up);
    scheduleProgress(run);
  }

  private void scheduleProgress(JobRun run) {
    if (run.progressStep != null) {
      run.progressStep.cancel();
      run.progressStep = null;
    }
    long at = run.progress.nextStepAt();
    if (at >= 0) {
      run.progressStep = engine.schedule(at, EventPriority.WORK, new ProgressStep(run));
    }
  }

  // ================================================================= observer plumbing

  @Override
  public void emit(ClusterEvent event) {
    outbox
        .computeIfAbsent(new OutboxKey(event.job(), event.at()), k -> new ArrayList<>())
        .add(event);
  }

  /**
   * After an event: deliver what it produced, one batch per job and instant. Events of one phase at
   * one instant (e.g. every node of a rack declared dead at once) are batched together, so a
   * controller hears about all of them before it acts on any.
   */
  private void afterEvent() {
    if (!outbox.isEmpty() && !engine.nextInSamePhase(engine.phase())) {
      for (List<ClusterEvent> batch : outbox.values()) {
        ClusterEvent first = batch.get(0);
        engine.schedule(first.at(), EventPriority.DELIVER, new Deliver(first.job(), batch));
      }
      outbox.clear();
    }
    if (checker != null) {
      checker.check();
    }
  }

  private final TransitionObserver transitions =
      new TransitionObserver() {
        @Override
        public void replica(long at, ReplicaId r, ReplicaState from, ReplicaState to, String why) {
          if (!StateGraph.legal(from, to)) {
            throw new IllegalStateException(
                "illegal transition of " + r + ": " + from + " -> " + to);
          }
          trace.field("move", r.job()).field("replica", r.index()).field("to", to.ordinal());
          options.observer().replica(at, r, from, to, why);
        }

        @Override
        public boolean detailed() {
          return options.observer().detailed();
        }

        @Override
        public void job(long at, String job, JobState from, JobState to, String why) {
          if (!StateGraph.legal(from, to)) {
            throw new IllegalStateException(
                "illegal transition of " + job + ": " + from + " -> " + to);
          }
          trace.field("job-move", job).field("to", to.ordinal());
          options.observer().job(at, job, from, to, why);
          if ((to == JobState.PENDING || to == JobState.RUNNING)
              && options.deadlockCheckEvery() > 0) {
            scheduleObserve();
          }
        }
      };

  @Override
  public void reserved(long at, int nodeId, String job, Resources resources) {
    utilization.reserve(at, resources);
    if (options.recordTimeline()) {
      String key = cluster.node(nodeId).name() + "\u0000" + job;
      if (holdCount.merge(key, 1, Integer::sum) == 1) {
        holdSince.put(key, at);
      }
    }
  }

  @Override
  public void freed(long at, int nodeId, String job, Resources resources) {
    utilization.release(at, resources);
    if (options.recordTimeline()) {
      String key = cluster.node(nodeId).name() + "\u0000" + job;
      Integer c = holdCount.get(key);
      if (c != null) {
        if (c == 1) {
          holdCount.remove(key);
          long from = holdSince.remove(key);
          timeline.holds().add(new Timeline.Hold(cluster.node(nodeId).name(), job, from, at));
        } else {
          holdCount.put(key, c - 1);
        }
      }
    }
  }

  @Override
  public void queueWait(long at, String job, long waited) {
    if (options.recordTimeline()) {
      timeline.queueWaits().add(new Timeline.QueueWait(at, job, waited));
    }
  }

  private void scheduleObserve() {
    if (!observeScheduled) {
      observeScheduled = true;
      engine.schedule(
          engine.now() + options.deadlockCheckEvery(), EventPriority.OBSERVE, new Observe());
    }
  }

  /** Looks for deadlocks now; returns true when some job is still blocked. */
  private boolean observeDeadlocks() {
    WaitForGraph g = WaitForGraph.of(this);
    for (List<String> cycle : g.cycles()) {
      if (deadlockSets.add(cycle)) {
        deadlocks.add(new Deadlock(engine.now(), cycle));
      }
    }
    return g.anyBlocked();
  }

  // ================================================================= read-only views for checks

  /** The fake GCS (read-only use by checks). */
  public FakeGcs gcs() {
    return gcs;
  }

  /** The physical cluster (read-only use by checks). */
  public Cluster cluster() {
    return cluster;
  }

  /** Controllers of submitted jobs that have not finished, by name. */
  public Map<String, JobController> controllers() {
    Map<String, JobController> m = new TreeMap<>();
    for (JobRun r : active.values()) {
      m.put(r.spec.name(), r.controller);
    }
    return m;
  }

  /** Live replica processes: replica → node id (stalled ones on crashed nodes included). */
  public Map<ReplicaId, Integer> processes() {
    Map<ReplicaId, Integer> m = new TreeMap<>();
    procs.forEach((r, p) -> m.put(r, p.node));
    return m;
  }

  /** Slot of a live process. */
  public Optional<Slot> processSlot(ReplicaId r) {
    Proc p = procs.get(r);
    return p == null ? Optional.empty() : Optional.of(p.slot);
  }

  /** Virtual now. */
  public long now() {
    return engine.now();
  }

  // ================================================================= results

  private RunResult result(long end) {
    List<JobRun> ordered = new ArrayList<>(jobs.values());
    ordered.sort((a, b) -> Integer.compare(a.order, b.order));
    List<JobResult> out = new ArrayList<>();
    for (JobRun r : ordered) {
      JobController c = r.controller;
      if (c == null) {
        continue; // declared but submitted after the horizon
      }
      List<Optional<String>> nodes = new ArrayList<>();
      for (Optional<NodeRef> n : c.firstNodes()) {
        nodes.add(n.map(NodeRef::name));
      }
      out.add(
          new JobResult(
              r.spec.name(),
              r.source,
              c.state().name(),
              c.reason(),
              c.submittedAt(),
              c.startedAt(),
              c.finishedAt(),
              c.restarts(),
              c.replicasStarted(),
              nodes));
    }
    if (options.recordTimeline()) {
      for (Map.Entry<String, Long> e : holdSince.entrySet()) {
        String[] parts = e.getKey().split("\u0000", 2);
        timeline.holds().add(new Timeline.Hold(parts[0], parts[1], e.getValue(), end));
      }
      for (Map.Entry<String, Long> e : downSince.entrySet()) {
        timeline.outages().add(new Timeline.Outage(e.getKey(), e.getValue(), end));
      }
    }
    return new RunResult(
        streams.seed(),
        trace.hash(),
        engine.fired(),
        end,
        out,
        utilization.finish(end),
        List.copyOf(deadlocks),
        timeline);
  }
}
