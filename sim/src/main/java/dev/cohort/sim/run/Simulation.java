package dev.cohort.sim.run;

import dev.cohort.core.job.JobController;
import dev.cohort.core.job.JobState;
import dev.cohort.core.job.ReplicaState;
import dev.cohort.core.job.StateGraph;
import dev.cohort.core.job.TransitionObserver;
import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.resources.Resources;
import dev.cohort.sim.check.DeadlockMonitor;
import dev.cohort.sim.check.InvariantChecker;
import dev.cohort.sim.check.JobView;
import dev.cohort.sim.check.SimulationView;
import dev.cohort.sim.cluster.Cluster;
import dev.cohort.sim.cluster.Incident;
import dev.cohort.sim.cluster.NodeLifecycle;
import dev.cohort.sim.cluster.NodeListener;
import dev.cohort.sim.cluster.SimNode;
import dev.cohort.sim.engine.Engine;
import dev.cohort.sim.engine.SeedStreams;
import dev.cohort.sim.engine.Trace;
import dev.cohort.sim.gcs.FakeGcs;
import dev.cohort.sim.gcs.GcsObserver;
import dev.cohort.sim.gcs.GcsView;
import dev.cohort.sim.scenario.ArrivalSpec;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioJob;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One run of a scenario with one seed: the same {@link JobController}s the real driver uses,
 * against a simulated cluster and a {@link FakeGcs}. This class only wires the parts, each of which
 * owns its events: {@link NodeLifecycle} (nodes, failures, detection), {@link FakeGcs} (placement),
 * {@link Submissions} (declared and generated jobs), {@link SimBackend} (commands), {@link Mailbox}
 * (events to controllers), {@link WorkRunner} (replica work), {@link ProcessTable}, and the
 * observers: {@link UtilizationMeter}, {@link TimelineRecorder}, {@link DeadlockWatch}, {@link
 * InvariantChecker}. Single-threaded, virtual time only; the same scenario and seed always give the
 * same trace hash.
 */
public final class Simulation implements SimulationView {
  private final Scenario scenario;
  private final SimOptions options;
  private final SeedStreams streams;
  private final Trace trace;
  private final Engine engine;
  private final Cluster cluster = new Cluster();
  private final FakeGcs gcs;
  private final NodeLifecycle nodes;
  private final JobTable jobs = new JobTable();
  private final ProcessTable processes = new ProcessTable();
  private final WorkRunner work;
  private final Mailbox mailbox;
  private final SimBackend backend;
  private final Submissions submissions;
  private final UtilizationMeter utilization;
  private final TimelineRecorder timeline;
  private final DeadlockMonitor deadlocks = new DeadlockMonitor();
  private final DeadlockWatch watch;
  private final InvariantChecker checker;
  private final ResultCollector results;
  private final Interruptions interruptions;
  private final Maintenance maintenance;
  private boolean stopped;

  private Simulation(Scenario scenario, long seed, SimOptions options) {
    this.scenario = scenario;
    this.options = options;
    this.streams = new SeedStreams(seed);
    this.trace = new Trace(options.traceLines().orElse(null));
    this.engine = new Engine(trace, scenario.horizon());
    this.timeline = options.recordTimeline() ? TimelineRecorder.recording() : TimelineRecorder.NONE;
    this.utilization = new UtilizationMeter(requestedKinds(scenario));
    this.gcs =
        new FakeGcs(
            engine,
            scenario.gcs(),
            cluster,
            new GcsEvents(),
            streams::stream,
            scenario.cluster().firstNode());
    this.nodes =
        new NodeLifecycle(
            engine,
            cluster,
            scenario.gcs(),
            streams,
            scenario.cluster(),
            new NodeEvents(),
            options.recordTimeline(),
            largestMin(scenario));
    this.mailbox =
        new Mailbox(engine, jobs::get, (run, commands) -> backend().execute(run, commands));
    this.work = new WorkRunner(engine, streams, processes, mailbox::post);
    this.backend =
        new SimBackend(
            engine,
            cluster,
            gcs,
            processes,
            work,
            mailbox,
            mailbox::post,
            scenario.gcs().startLatency(),
            this::finished);
    this.submissions = new Submissions(engine, scenario, streams, jobs, this::submit);
    this.watch =
        new DeadlockWatch(
            engine, options.deadlockCheckEvery(), deadlocks, gcs, jobs::activeController);
    this.checker = options.checkInvariants() ? new InvariantChecker(this) : null;
    this.results = new ResultCollector(scenario.arrivals(), options.keepGeneratedJobs());
    this.interruptions = new Interruptions(scenario.cluster().causes());
    this.maintenance = new Maintenance(engine, streams, processes, work, interruptions::hit);
    engine.afterEach(this::afterEvent);
  }

  private SimBackend backend() {
    return backend;
  }

  /** The largest gang any job needs: below it, the fleet can no longer run that job. */
  private static int largestMin(Scenario scenario) {
    int m = 1;
    for (ScenarioJob j : scenario.jobs()) {
      m = Math.max(m, j.spec().replicas().min());
    }
    for (ArrivalSpec a : scenario.arrivals()) {
      m = Math.max(m, a.template().replicas().min());
    }
    return m;
  }

  private static TreeSet<String> requestedKinds(Scenario scenario) {
    TreeSet<String> requested = new TreeSet<>();
    for (ScenarioJob j : scenario.jobs()) {
      names(j.spec().resources(), requested);
      j.spec().roles().forEach(r -> names(r.resources(), requested));
    }
    for (ArrivalSpec a : scenario.arrivals()) {
      names(a.template().resources(), requested);
      if (a.trace().isPresent() && a.trace().get().spec().gpusColumn().isPresent()) {
        requested.add("GPU");
      }
    }
    return requested;
  }

  private static void names(Resources r, TreeSet<String> out) {
    for (int i = 0; i < r.size(); i++) {
      out.add(r.name(i));
    }
  }

  /** Runs {@code scenario} with {@code seed}. */
  public static RunResult run(Scenario scenario, long seed, SimOptions options) {
    return new Simulation(scenario, seed, options).execute();
  }

  /** Runs {@code scenario} with its own seed and default options. */
  public static RunResult run(Scenario scenario) {
    return run(scenario, scenario.seed(), SimOptions.DEFAULT);
  }

  private RunResult execute() {
    nodes.start();
    maintenance.start(scenario.cluster().maintenance());
    submissions.start();
    RunControl control = options.control();
    engine.run(
        scenario.horizon(),
        () -> jobs.allDone() || (stopped = control.poll(engine.fired(), engine.now())));
    long end = engine.now();
    trace.finish();
    if (options.deadlockCheckEvery() > 0) {
      watch.look();
    }
    return result(end);
  }

  private void afterEvent() {
    mailbox.afterEvent();
    watch.afterEvent();
    if (engine.nextTime() != engine.now()) {
      jobs.instantOver();
    }
    if (checker != null) {
      checker.check();
    }
  }

  // ================================================================= jobs

  private void submit(JobRun run) {
    jobs.submitted(run);
    run.controller = new JobController(run.spec, new Transitions(run));
    run.watched = deadlocks.watch(run.name);
    deadlocks.jobChanged(run.watched, run.controller);
    backend.execute(run, run.controller.submit(engine.now()));
  }

  private void finished(JobRun run) {
    jobs.finished(run);
    deadlocks.jobEnded(run.watched);
    boolean kept = run.controller.state() == JobState.SUCCEEDED;
    results.record(run, work.timeUse(run, engine.now(), kept), engine.now());
  }

  /** A job's transitions: checked against the state graph, hashed, and shown to observers. */
  private final class Transitions implements TransitionObserver {
    private final JobRun run;

    Transitions(JobRun run) {
      this.run = run;
    }

    @Override
    public void replica(long at, ReplicaId r, ReplicaState from, ReplicaState to, String why) {
      if (!StateGraph.legal(from, to)) {
        throw new IllegalStateException("illegal transition of " + r + ": " + from + " -> " + to);
      }
      trace.field("move", r.job()).field("replica", r.index()).field("to", to.ordinal());
      if (to == ReplicaState.RUNNING) {
        run.availability.started(at);
      } else if (from == ReplicaState.RUNNING) {
        run.availability.stopped(at);
      }
      options.observer().replica(at, r, from, to, why);
      if (from == ReplicaState.RUNNING || to == ReplicaState.RUNNING) {
        deadlocks.jobChanged(run.watched, run.controller);
      }
    }

    @Override
    public boolean detailed() {
      return options.observer().detailed();
    }

    @Override
    public void job(long at, String job, JobState from, JobState to, String why) {
      if (!StateGraph.legal(from, to)) {
        throw new IllegalStateException("illegal transition of " + job + ": " + from + " -> " + to);
      }
      trace.field("job-move", job).field("to", to.ordinal());
      options.observer().job(at, job, from, to, why);
      deadlocks.jobChanged(run.watched, run.controller);
    }
  }

  // ================================================================= nodes and the GCS

  /** What happens to nodes reaches the recorder, the meter, the GCS and the processes. */
  private final class NodeEvents implements NodeListener {
    @Override
    public void joined(SimNode n, long at) {
      timeline.nodeJoined(n.name(), n.incarnation(), at);
      utilization.nodeUp(at, n.total());
      gcs.nodeAdded(n);
    }

    @Override
    public void crashed(SimNode n, long at, Incident incident) {
      timeline.nodeCrashed(n.name(), at);
      TreeSet<String> touched = new TreeSet<>();
      List<JobRun> touchedRuns = new ArrayList<>();
      for (ProcessTable.Proc p : processes.onNode(n.id())) {
        if (processes.stall(p) && touched.add(p.job.name)) {
          touchedRuns.add(p.job);
        }
      }
      touchedRuns.sort((a, b) -> a.name.compareTo(b.name));
      for (JobRun run : touchedRuns) {
        interruptions.hit(run, incident);
        work.membersChanged(run);
      }
    }

    @Override
    public void declaredDead(SimNode n, long at) {
      utilization.nodeDown(at, n.total());
      deadlocks.capacityLost();
      gcs.nodeDead(n);
      for (ProcessTable.Proc p : processes.onNode(n.id())) {
        processes.remove(p);
        mailbox.post(
            new ClusterEvent.ReplicaLost(at, p.replica, p.attempt, "node " + n.ref() + " died"));
      }
    }
  }

  /** What the GCS reports: events for controllers, and reservations for the observers. */
  private final class GcsEvents implements GcsObserver {
    @Override
    public void emit(ClusterEvent event) {
      mailbox.post(event);
    }

    @Override
    public void reserved(long at, int nodeId, String job, Resources resources) {
      utilization.reserve(at, resources);
      timeline.reserved(cluster.node(nodeId).name(), job, at);
      deadlocks.reserved(jobs.get(job).watched);
    }

    @Override
    public void freed(long at, int nodeId, String job, Resources resources) {
      utilization.release(at, resources);
      timeline.freed(cluster.node(nodeId).name(), job, at);
      deadlocks.freed(jobs.get(job).watched);
    }

    @Override
    public void queueWait(long at, String job, long waited) {
      timeline.queueWait(at, job, waited);
    }
  }

  // ================================================================= read-only view for checks

  @Override
  public long now() {
    return engine.now();
  }

  @Override
  public GcsView gcs() {
    return gcs;
  }

  @Override
  public Collection<JobView> activeJobs() {
    List<JobView> out = new ArrayList<>();
    for (JobRun r : jobs.active()) {
      out.add(JobView.of(r.controller));
    }
    return out;
  }

  @Override
  public Optional<JobView> activeJob(String name) {
    return Optional.ofNullable(jobs.activeController(name)).map(JobView::of);
  }

  @Override
  public List<Process> processes() {
    List<Process> out = new ArrayList<>(processes.size());
    processes.forEach(p -> out.add(new Process(p.replica, p.node, p.slot)));
    return out;
  }

  // ================================================================= results

  private RunResult result(long end) {
    for (JobRun r : jobs.active()) {
      results.record(r, work.timeUse(r, end, true), end); // unfinished at the horizon
    }
    return new RunResult(
        streams.seed(),
        trace.hash(),
        engine.fired(),
        end,
        results.jobs(),
        results.sources(),
        utilization.finish(end),
        watch.found(),
        timeline.finish(end),
        interruptions.byCause(),
        stopped,
        nodes.fleetStats());
  }
}
