package dev.cohort.driver.local;

import dev.cohort.core.job.JobController;
import dev.cohort.core.job.ReplicaState;
import dev.cohort.core.port.Backend;
import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.Command;
import dev.cohort.core.port.FaultInjection;
import dev.cohort.core.port.NodeRef;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.driver.runtime.LaunchCheck;
import dev.cohort.driver.runtime.ReplicaEnvironment;
import dev.cohort.driver.runtime.RuntimeLoop;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The embedded backend: {@code nodes} virtual nodes on this host, placement groups and actor leases
 * placed with core's strategy functions ({@link LocalPlacement}), and each replica attempt a real
 * process that leads its own session ({@link ReplicaProcess}): its whole tree can be signalled, its
 * output goes straight to its log file, and its exit status is written down whether or not a driver
 * is alive. A driver that died can be followed by one that adopts the live replicas ({@link
 * #adopt}). All state is touched on the runtime loop's thread; exits come back through the loop's
 * queue.
 */
public final class LocalBackend implements Backend, FaultInjection {

  /**
   * How the backend is set up.
   *
   * @param run the run's id; every replica process carries it as {@code COHORT_RUN}
   * @param gpuDevices the host's GPUs the nodes share out ({@code CUDA_VISIBLE_DEVICES} indices);
   *     empty: {@code CUDA_VISIBLE_DEVICES} is not set
   */
  public record Config(
      int nodes,
      Resources nodeResources,
      Path logDir,
      PrintStream console,
      long stopGraceMillis,
      String run,
      List<String> gpuDevices) {

    /** A backend that hands out no real GPUs (none asked for, or virtual ones). */
    public Config(
        int nodes,
        Resources nodeResources,
        Path logDir,
        PrintStream console,
        long stopGraceMillis,
        String run) {
      this(nodes, nodeResources, logDir, console, stopGraceMillis, run, List.of());
    }

    public Config {
      gpuDevices = List.copyOf(gpuDevices);
    }
  }

  /** Hears where each replica attempt started (the journal keeps it). */
  public interface Launches {
    void started(int replica, int attempt, long pid, long startTicks, Path statusFile);

    Launches NONE = (r, a, p, t, s) -> {};
  }

  private final JobSpec spec;
  private final Config config;
  private final RuntimeLoop loop;
  private final Map<Integer, List<String>> commandOverrides;
  private final LocalPlacement placement;
  private final TreeMap<ReplicaId, ReplicaProcess> running = new TreeMap<>();
  private final ExecutorService reaper =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "cohort-reaper");
            t.setDaemon(true);
            return t;
          });
  private final Map<Integer, String> rendezvousByGeneration = new TreeMap<>();
  private Launches launches = Launches.NONE;

  /** Process groups alive now; read by {@link #close} from a signal thread. */
  private final Set<Long> liveGroups = ConcurrentHashMap.newKeySet();

  /** Groups already being stopped: their grace runs on the reaper and is never cut short. */
  private final Set<Long> stoppingGroups = ConcurrentHashMap.newKeySet();

  private volatile boolean shuttingDown;

  private final GpuAllocator gpus;

  public LocalBackend(
      JobSpec spec, Config config, RuntimeLoop loop, Map<Integer, List<String>> commandOverrides) {
    this.spec = spec;
    this.config = config;
    this.loop = loop;
    this.commandOverrides = commandOverrides;
    this.placement = new LocalPlacement(config.nodes(), config.nodeResources());
    this.gpus =
        new GpuAllocator(
            config.gpuDevices(),
            config.nodes(),
            (int) Math.floor(config.nodeResources().amount("GPU")));
  }

  /** Sets who hears where replicas start. */
  public void onLaunch(Launches l) {
    this.launches = l;
  }

  @Override
  public String name() {
    return "local";
  }

  /** Where attempt {@code attempt} of replica {@code replica} writes its exit status. */
  public Path statusFile(int replica, int attempt) {
    return config
        .logDir()
        .resolve(".status")
        .resolve(config.run())
        .resolve("r" + replica + "." + attempt);
  }

  private Path logFile(int replica, int attempt) {
    return config.logDir().resolve("r" + replica + "." + attempt + ".log");
  }

  // ---------------------------------------------------------------- placement

  @Override
  public void createPlacementGroup(Command.CreatePlacementGroup c) {
    placement.create(c.spec());
  }

  @Override
  public void removePlacementGroup(Command.RemovePlacementGroup c) {
    placement.remove(c.pg());
  }

  @Override
  public void requestActor(Command.RequestActor c) {
    placement.request(c);
  }

  @Override
  public void releaseActor(Command.ReleaseActor c) {
    placement.release(c.replica(), c.lease());
  }

  /** Groups and leases created together are placed together, in order, once the step is over. */
  @Override
  public void commandsDone() {
    placement.placePending(loop.now()).forEach(loop::post);
  }

  // ---------------------------------------------------------------- processes

  @Override
  public void startReplica(Command.StartReplica s) {
    int node = placement.nodeOf(s.slot(), s.replica());
    if (node < 0) {
      throw new IllegalStateException(
          "start of " + s.replica() + " in an unplaced slot " + s.slot());
    }
    if (shuttingDown) {
      return;
    }
    int i = s.replica().index();
    List<String> command = commandOverrides.getOrDefault(i, spec.commandOf(i));
    String tag = "r" + i + "." + s.attempt();
    String rdzv =
        rendezvousByGeneration.computeIfAbsent(
            s.launch().generation(),
            g -> ReplicaEnvironment.rendezvousEndpoint(s.launch().rank0Host()));
    NodeRef where = placement.node(node);
    Map<String, String> env = ReplicaEnvironment.of(spec, s, rdzv, where.name());
    env.put("COHORT_RUN", config.run());
    if (!config.gpuDevices().isEmpty()) {
      String devices = gpus.take(s.replica(), node, spec.resourcesOf(i).amount("GPU"));
      if (!devices.isEmpty()) {
        env.put("CUDA_VISIBLE_DEVICES", devices);
      }
    }
    Optional<String> refused = LaunchCheck.problem(command, env);
    if (refused.isPresent()) {
      refuse(s, tag, refused.get());
      return;
    }
    ReplicaProcess p;
    try {
      Path status = statusFile(i, s.attempt());
      Files.createDirectories(status.getParent());
      p =
          ReplicaProcess.start(
              s.replica(), s.attempt(), command, env, logFile(i, s.attempt()), status);
    } catch (IOException e) {
      // Not even the supervisor could start (its log, its shell): nothing a retry would fix.
      refuse(s, tag, LaunchCheck.describe(e));
      return;
    }
    launches.started(i, s.attempt(), p.pid, p.startTicks, p.statusFile);
    watch(p, 0);
    loop.post(new ClusterEvent.ReplicaStarted(loop.now(), s.replica(), s.attempt(), where));
  }

  private void refuse(Command.StartReplica s, String tag, String reason) {
    gpus.release(s.replica());
    config.console().println("[cohort] " + tag + " cannot launch: " + reason);
    loop.post(new ClusterEvent.LaunchRefused(loop.now(), s.replica(), s.attempt(), reason));
  }

  /** Follows a live replica process: its log to the console, its end back to the loop. */
  private void watch(ReplicaProcess p, long logFrom) {
    liveGroups.add(p.pid);
    running.put(p.replica, p);
    String prefix = "[r" + p.replica.index() + "." + p.attempt + "] ";
    reaper.submit(() -> p.follow(config.console(), prefix, logFrom));
    p.onExit().thenRun(() -> loop.submit(() -> exited(p)));
  }

  private void exited(ReplicaProcess p) {
    long pgid = p.pid;
    reaper.submit(
        () -> {
          ProcessGroups.signal(pgid, "KILL"); // no orphans left behind by the replica
          liveGroups.remove(pgid);
          stoppingGroups.remove(pgid);
        });
    if (running.get(p.replica) == p) {
      running.remove(p.replica);
      gpus.release(p.replica);
    }
    if (p.injectedLoss) {
      loop.post(
          new ClusterEvent.ReplicaLost(
              loop.now(), p.replica, p.attempt, "killed by fault injection"));
    } else if (!p.stopping) {
      OptionalInt code = p.status();
      loop.post(
          code.isPresent()
              ? new ClusterEvent.ReplicaExited(loop.now(), p.replica, p.attempt, code.getAsInt())
              : new ClusterEvent.ReplicaLost(
                  loop.now(), p.replica, p.attempt, "killed by a signal; no exit status"));
    }
  }

  @Override
  public void stopReplica(Command.StopReplica c) {
    ReplicaProcess p = running.get(c.replica());
    if (p == null || p.attempt != c.attempt()) {
      return;
    }
    p.stopping = true;
    running.remove(c.replica());
    stop(p.pid);
  }

  private void stop(long pgid) {
    if (stoppingGroups.add(pgid)) {
      reaper.submit(() -> ProcessGroups.terminate(pgid, config.stopGraceMillis()));
    }
  }

  /**
   * Fault injection: kills the replica's whole process tree as a crash would; the controller hears
   * {@code ReplicaLost}. Returns false when the replica is not running. Loop thread only.
   */
  @Override
  public boolean killReplica(int replicaIndex) {
    for (ReplicaProcess p : running.values()) {
      if (p.replica.index() == replicaIndex) {
        p.injectedLoss = true;
        long pgid = p.pid;
        reaper.submit(() -> ProcessGroups.signal(pgid, "KILL"));
        return true;
      }
    }
    return false;
  }

  /** Indices of replicas with a live process. Loop thread only. */
  @Override
  public List<Integer> runningReplicas() {
    List<Integer> out = new ArrayList<>();
    running.keySet().forEach(r -> out.add(r.index()));
    return out;
  }

  // ---------------------------------------------------------------- resume

  /** Rebuilds placement from a journaled command (nothing starts or stops). Loop thread only. */
  public void restore(Command c) {
    if (c instanceof Command.CreatePlacementGroup g) {
      placement.create(g.spec());
    } else if (c instanceof Command.RemovePlacementGroup g) {
      placement.remove(g.pg());
    } else if (c instanceof Command.RequestActor a) {
      placement.request(a);
    } else if (c instanceof Command.ReleaseActor a) {
      placement.release(a.replica(), a.lease());
    }
  }

  /** Rebuilds placement from a journaled event. Loop thread only. */
  public void restore(ClusterEvent e) {
    placement.restore(e);
  }

  /** Where a previous driver said a replica attempt's process started. */
  public record Started(long pid, long startTicks) {}

  /**
   * Takes over from a driver that died. Every replica the controller believes RUNNING is adopted if
   * its process is still the one that was started (same pid and start time); if it ended meanwhile,
   * its recorded exit status is reported (or a loss, if it has none). Processes of this run that
   * the controller no longer expects are stopped. Placement that waited is placed now. Loop thread.
   *
   * @param started what the journal recorded per attempt, keyed {@code replica/attempt}
   * @return what was done, one line per replica, for the user
   */
  public List<String> adopt(JobController controller, Map<String, Started> started) {
    List<String> report = new ArrayList<>();
    Map<String, ProcessIdentity.Found> found = new HashMap<>();
    for (ProcessIdentity.Found f : ProcessIdentity.ofRun(config.run())) {
      found.put(f.cohortEnv().get("COHORT_REPLICA") + "/" + f.cohortEnv().get("COHORT_ATTEMPT"), f);
    }
    for (int i = 0; i < spec.replicas().max(); i++) {
      if (controller.replicaState(i) != ReplicaState.RUNNING) {
        continue;
      }
      int a = controller.attempt(i);
      String key = i + "/" + a;
      ReplicaId id = new ReplicaId(spec.name(), i);
      Started s = started.get(key);
      ProcessIdentity.Found f = found.remove(key);
      long pid = s != null ? s.pid() : f != null ? f.pid() : -1;
      long ticks = s != null ? s.startTicks() : f != null ? f.startTicks() : -1;
      Optional<ReplicaProcess> p =
          pid < 0
              ? Optional.empty()
              : ReplicaProcess.adopt(id, a, pid, ticks, logFile(i, a), statusFile(i, a));
      if (p.isPresent()) {
        watch(p.get(), p.get().logSize());
        report.add(
            "replica " + i + " attempt " + a + " is still running (pid " + pid + "): adopted");
        continue;
      }
      OptionalInt code = ReplicaProcess.status(statusFile(i, a));
      if (code.isPresent()) {
        loop.post(new ClusterEvent.ReplicaExited(loop.now(), id, a, code.getAsInt()));
        report.add(
            "replica " + i + " attempt " + a + " exited with " + code.getAsInt() + " meanwhile");
      } else {
        loop.post(
            new ClusterEvent.ReplicaLost(
                loop.now(), id, a, "ended while no driver was watching, with no exit status"));
        report.add("replica " + i + " attempt " + a + " is gone, with no exit status");
      }
    }
    for (var e : found.entrySet()) {
      long pgid = e.getValue().pid();
      liveGroups.add(pgid);
      stop(pgid);
      report.add("a process of replica/attempt " + e.getKey() + " is no longer wanted: stopped");
    }
    commandsDone();
    return report;
  }

  // ---------------------------------------------------------------- shutdown

  /**
   * Stops every replica process tree, all at once, each with the stop grace (a tree already being
   * stopped keeps the grace it was given, and is not signalled again), and waits until none is left
   * (signal handlers and the end of a run call this). Safe from any thread.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (shuttingDown) {
        return;
      }
      shuttingDown = true;
    }
    for (long g : List.copyOf(liveGroups)) {
      stop(g);
    }
    reaper.shutdown();
    try {
      reaper.awaitTermination(config.stopGraceMillis() + 10_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    liveGroups.clear();
  }
}
