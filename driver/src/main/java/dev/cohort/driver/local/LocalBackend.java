package dev.cohort.driver.local;

import dev.cohort.core.placement.Bundle;
import dev.cohort.core.placement.BundlePlacer;
import dev.cohort.core.placement.ClusterState;
import dev.cohort.core.placement.PlacementGroupSpec;
import dev.cohort.core.placement.PlacementResult;
import dev.cohort.core.port.Backend;
import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.Command;
import dev.cohort.core.port.FaultInjection;
import dev.cohort.core.port.NodeRef;
import dev.cohort.core.port.PgId;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.port.Slot;
import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.driver.runtime.ReplicaEnvironment;
import dev.cohort.driver.runtime.RuntimeLoop;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The embedded backend: {@code nodes} virtual nodes on this host, placement groups and actor leases
 * placed with core's strategy functions, and each replica a real OS process in its own process
 * group, so its whole tree can be signalled. All state is touched on the runtime loop's thread;
 * process exits come back through the loop's queue.
 */
public final class LocalBackend implements Backend, FaultInjection {

  /** How the backend is set up. */
  public record Config(
      int nodes, Resources nodeResources, Path logDir, PrintStream console, long stopGraceMillis) {}

  private static final String HOST = "127.0.0.1";

  private final JobSpec spec;
  private final Config config;
  private final RuntimeLoop loop;
  private final Map<Integer, List<String>> commandOverrides;
  private final ClusterState cluster = new ClusterState();
  private final List<NodeRef> nodes = new ArrayList<>();
  private final LinkedHashMap<PgId, PlacementGroupSpec> pendingGroups = new LinkedHashMap<>();
  private final TreeMap<PgId, int[]> placedGroups = new TreeMap<>();
  private final LinkedHashMap<ReplicaId, Command.RequestActor> pendingActors =
      new LinkedHashMap<>();
  private final TreeMap<ReplicaId, int[]> actors = new TreeMap<>(); // replica → {node, lease}
  private final TreeMap<ReplicaId, Running> running = new TreeMap<>();
  private final ExecutorService reaper =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "cohort-reaper");
            t.setDaemon(true);
            return t;
          });
  private final Map<Integer, String> rendezvousByGeneration = new TreeMap<>();

  /** Process groups alive now; read by {@link #close} from a signal thread. */
  private final java.util.Set<Long> liveGroups = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Groups already being stopped: their grace runs on the reaper and is never cut short. */
  private final java.util.Set<Long> stoppingGroups =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private volatile boolean shuttingDown;

  /** A live replica process. */
  private static final class Running {
    final ReplicaId replica;
    final int attempt;
    final Process process;
    final long startedNanos;
    boolean injectedLoss;
    boolean stopping;

    Running(ReplicaId replica, int attempt, Process process) {
      this.replica = replica;
      this.attempt = attempt;
      this.process = process;
      this.startedNanos = System.nanoTime();
    }
  }

  public LocalBackend(
      JobSpec spec, Config config, RuntimeLoop loop, Map<Integer, List<String>> commandOverrides) {
    this.spec = spec;
    this.config = config;
    this.loop = loop;
    this.commandOverrides = commandOverrides;
    for (int i = 0; i < config.nodes(); i++) {
      cluster.addNode(i, "local-" + i, config.nodeResources());
      nodes.add(new NodeRef("local-" + i, HOST, 0));
    }
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public void createPlacementGroup(Command.CreatePlacementGroup c) {
    pendingGroups.put(c.spec().id(), c.spec());
  }

  @Override
  public void removePlacementGroup(Command.RemovePlacementGroup c) {
    removeGroup(c.pg());
  }

  @Override
  public void requestActor(Command.RequestActor c) {
    pendingActors.put(c.replica(), c);
  }

  @Override
  public void releaseActor(Command.ReleaseActor c) {
    releaseActor(c.replica(), c.lease());
  }

  @Override
  public void startReplica(Command.StartReplica c) {
    start(c);
  }

  @Override
  public void stopReplica(Command.StopReplica c) {
    stop(c.replica(), c.attempt());
  }

  /** Groups and leases created together are placed together, in order, once the step is over. */
  @Override
  public void commandsDone() {
    placePending();
  }

  // ---------------------------------------------------------------- placement

  private void placePending() {
    for (var it = pendingGroups.entrySet().iterator(); it.hasNext(); ) {
      PlacementGroupSpec g = it.next().getValue();
      PlacementResult r = BundlePlacer.place(cluster, g.bundles(), g.strategy());
      if (r instanceof PlacementResult.Placed p) {
        it.remove();
        int[] nodeOf = new int[g.bundles().size()];
        TreeMap<Integer, NodeRef> refs = new TreeMap<>();
        Map<Integer, Integer> plan = p.nodeOfBundle();
        for (Bundle b : g.bundles()) {
          int n = plan.get(b.index());
          cluster.acquire(n, b.resources());
          nodeOf[b.index()] = n;
          refs.put(b.index(), nodes.get(n));
        }
        placedGroups.put(g.id(), nodeOf);
        loop.post(new ClusterEvent.PlacementGroupPlaced(loop.now(), g.id(), refs));
      }
    }
    for (var it = pendingActors.entrySet().iterator(); it.hasNext(); ) {
      Command.RequestActor a = it.next().getValue();
      int n = cluster.bestNode(a.demand(), id -> false);
      if (n >= 0) {
        it.remove();
        cluster.acquire(n, a.demand());
        actors.put(a.replica(), new int[] {n, a.lease()});
        loop.post(new ClusterEvent.ActorPlaced(loop.now(), a.replica(), a.lease(), nodes.get(n)));
      }
    }
  }

  private void removeGroup(PgId id) {
    pendingGroups.remove(id);
    int[] nodeOf = placedGroups.remove(id);
    if (nodeOf != null) {
      for (int b = 0; b < nodeOf.length; b++) {
        cluster.release(nodeOf[b], spec.resources());
      }
    }
  }

  private void releaseActor(ReplicaId r, int lease) {
    Command.RequestActor pending = pendingActors.get(r);
    if (pending != null && pending.lease() == lease) {
      pendingActors.remove(r);
    }
    int[] a = actors.get(r);
    if (a != null && a[1] == lease) {
      actors.remove(r);
      cluster.release(a[0], spec.resources());
    }
  }

  // ---------------------------------------------------------------- processes

  private void start(Command.StartReplica s) {
    int node;
    if (s.slot() instanceof Slot.InBundle ib) {
      int[] nodeOf = placedGroups.get(ib.pg());
      node = nodeOf == null ? -1 : nodeOf[ib.bundle()];
    } else {
      int[] a = actors.get(s.replica());
      node = a == null ? -1 : a[0];
    }
    if (node < 0) {
      throw new IllegalStateException(
          "start of " + s.replica() + " in an unplaced slot " + s.slot());
    }
    List<String> command = commandOverrides.getOrDefault(s.replica().index(), spec.command());
    String tag = "r" + s.replica().index() + "." + s.attempt();
    String rdzv =
        rendezvousByGeneration.computeIfAbsent(
            s.launch().generation(),
            g -> ReplicaEnvironment.rendezvousEndpoint(s.launch().rank0Host()));
    Map<String, String> env = ReplicaEnvironment.of(spec, s, rdzv, nodes.get(node).name());
    if (shuttingDown) {
      return;
    }
    Process p;
    try {
      Files.createDirectories(config.logDir());
      ProcessBuilder pb = new ProcessBuilder(ProcessGroups.wrap(command));
      pb.environment().putAll(env);
      pb.redirectErrorStream(true);
      p = pb.start();
    } catch (IOException e) {
      // The command cannot even start (no such program): report it as a failed exit.
      config.console().println("[cohort] " + tag + " could not start: " + e.getMessage());
      int attempt = s.attempt();
      loop.post(new ClusterEvent.ReplicaExited(loop.now(), s.replica(), attempt, 127));
      return;
    }
    liveGroups.add(p.pid());
    Running r = new Running(s.replica(), s.attempt(), p);
    running.put(s.replica(), r);
    pump(r, config.logDir().resolve(tag + ".log"), "[" + tag + "] ");
    loop.post(
        new ClusterEvent.ReplicaStarted(loop.now(), s.replica(), s.attempt(), nodes.get(node)));
    p.onExit().thenRun(() -> loop.submit(() -> exited(r)));
  }

  private void pump(Running r, Path log, String prefix) {
    reaper.submit(
        () -> {
          try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(r.process.getInputStream(), StandardCharsets.UTF_8));
              BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
              out.write(line);
              out.newLine();
              out.flush();
              config.console().println(prefix + line);
            }
          } catch (IOException e) {
            // the process closed its output: nothing more to copy
          }
        });
  }

  private void exited(Running r) {
    long pgid = r.process.pid();
    reaper.submit(
        () -> {
          ProcessGroups.signal(pgid, "KILL"); // no orphans left behind by the leader
          liveGroups.remove(pgid);
          stoppingGroups.remove(pgid);
        });
    if (running.get(r.replica) == r) {
      running.remove(r.replica);
    }
    if (r.injectedLoss) {
      loop.post(
          new ClusterEvent.ReplicaLost(
              loop.now(), r.replica, r.attempt, "killed by fault injection"));
    } else if (!r.stopping) {
      loop.post(
          new ClusterEvent.ReplicaExited(loop.now(), r.replica, r.attempt, r.process.exitValue()));
    }
  }

  private void stop(ReplicaId replica, int attempt) {
    Running r = running.get(replica);
    if (r == null || r.attempt != attempt) {
      return;
    }
    r.stopping = true;
    running.remove(replica);
    long pgid = r.process.pid();
    stoppingGroups.add(pgid);
    reaper.submit(() -> ProcessGroups.terminate(pgid, config.stopGraceMillis()));
  }

  /**
   * Fault injection: kills the replica's whole process tree as a crash would; the controller hears
   * {@code ReplicaLost}. Returns false when the replica is not running. Loop thread only.
   */
  @Override
  public boolean killReplica(int replicaIndex) {
    for (Running r : running.values()) {
      if (r.replica.index() == replicaIndex) {
        r.injectedLoss = true;
        long pgid = r.process.pid();
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
      if (stoppingGroups.add(g)) {
        reaper.submit(() -> ProcessGroups.terminate(g, config.stopGraceMillis()));
      }
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
