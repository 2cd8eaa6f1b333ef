package dev.cohort.driver.ray;

import dev.cohort.core.placement.Bundle;
import dev.cohort.core.placement.PlacementGroupSpec;
import dev.cohort.core.placement.PlacementStrategy;
import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.NodeRef;
import dev.cohort.core.port.PgId;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.Durations;
import dev.cohort.driver.local.ProcessGroups;
import dev.cohort.sim.cluster.Cluster;
import dev.cohort.sim.cluster.SimNode;
import dev.cohort.sim.engine.Engine;
import dev.cohort.sim.engine.EventPriority;
import dev.cohort.sim.engine.SimEvent;
import dev.cohort.sim.engine.Trace;
import dev.cohort.sim.gcs.FakeGcs;
import dev.cohort.sim.gcs.GcsConfig;
import dev.cohort.sim.gcs.GcsObserver;
import dev.cohort.sim.gcs.PgState;
import dev.cohort.sim.gcs.PlacementGroupView;
import dev.cohort.sim.gcs.TieBreak;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Ray cluster simulated in real time on Cohort's fake GCS and simulated nodes, behind {@link
 * RayClient}: placement groups wait in the GCS queue until capacity appears, a crashed node is
 * declared dead by health checks and its bundles are re-placed elsewhere, actors on it die (calls
 * fail with {@link RayClient.ActorDied}), removal kills what runs in a group, and requests Ray
 * would refuse are refused. Command actors run the real {@link CommandActor} code, so replicas are
 * real processes on this host; only the nodes, the GCS and the actors' lives are simulated.
 *
 * <p>Virtual time is wall time since the cluster started; a clock thread fires the GCS's events
 * when they fall due. Everything is guarded by one lock. Each node's host is its name.
 */
public final class SimulatedRayCluster implements RayClient {

  /** Ray's GCS with fast health checks (a crash is detected within 100 ms) and a 100 ms tick. */
  public static GcsConfig fastGcs() {
    long ms = Durations.MICROS_PER_MILLI;
    return GcsConfig.DEFAULTS
        .withTiming(100 * ms, 0, 100 * ms, 1)
        .withTieBreak(TieBreak.REGISTRATION); // each node's host is its name, in order
  }

  private enum Life {
    PENDING,
    ALIVE,
    DEAD
  }

  /** A group this cluster created. */
  private static final class SimGroup implements Group {
    final String name;
    final PgId id;
    boolean removed;

    SimGroup(String name, PgId id) {
      this.name = name;
      this.id = id;
    }

    @Override
    public String name() {
      return name;
    }
  }

  /** A call's result, completed by the cluster. */
  private static final class SimCall<T> implements Call<T> {
    final CompletableFuture<T> result = new CompletableFuture<>();
  }

  /** A command actor and its life on the simulated cluster. */
  private final class SimActor implements Actor {
    final CommandActor impl = new CommandActor();
    final SimGroup group;
    final int bundle;
    final ReplicaId plain;
    Life life = Life.PENDING;
    SimNode node;
    String cause = "";

    /** Calls waiting for the actor to come up. */
    final List<Runnable> queued = new ArrayList<>();

    /** Calls not answered yet; they fail if the actor dies first. */
    final List<SimCall<?>> open = new ArrayList<>();

    /** Keys of the attempts its {@code run} calls have running. */
    final TreeSet<String> running = new TreeSet<>();

    /** The actor serves as many calls at once as Cohort creates it for; more wait their turn. */
    final java.util.concurrent.Semaphore slots =
        new java.util.concurrent.Semaphore(CommandActor.CONCURRENT_CALLS, true);

    SimActor(SimGroup group, int bundle, ReplicaId plain) {
      this.group = group;
      this.bundle = bundle;
      this.plain = plain;
    }

    void alive(SimNode n) {
      life = Life.ALIVE;
      node = n;
      List<Runnable> q = List.copyOf(queued);
      queued.clear();
      q.forEach(Runnable::run);
    }

    void whenAlive(Runnable r) {
      if (life == Life.ALIVE) {
        r.run();
      } else {
        queued.add(r);
      }
    }

    /** The actor is dead: open calls fail, and Ray's kill leaves processes in their sessions. */
    void die(String why, boolean orphaning) {
      if (life == Life.DEAD) {
        return;
      }
      life = Life.DEAD;
      cause = why;
      queued.clear();
      if (orphaning) {
        orphans += killProcesses();
      }
      for (SimCall<?> c : List.copyOf(open)) {
        c.result.completeExceptionally(new ActorDied("actor died: " + why));
      }
      open.clear();
      actors.remove(this);
      if (plain != null) {
        plainActors.remove(plain);
      }
    }

    /** Kills the processes this actor's runs started; returns how many were alive. */
    int killProcesses() {
      int n = 0;
      for (String key : running) {
        Process p = CommandActor.LIVE.get(key);
        if (p != null && p.isAlive()) {
          n++;
          ProcessGroups.signal(p.pid(), "KILL");
        }
      }
      return n;
    }

    <T> SimCall<T> call() {
      SimCall<T> c = new SimCall<>();
      if (life == Life.DEAD) {
        c.result.completeExceptionally(new ActorDied("actor died: " + cause));
      } else {
        open.add(c);
      }
      return c;
    }

    <T> void answer(SimCall<T> c, T value) {
      if (open.remove(c)) {
        c.result.complete(value);
      }
    }

    void fail(SimCall<?> c, RuntimeException e) {
      if (open.remove(c)) {
        c.result.completeExceptionally(e);
      }
    }
  }

  private final Object lock = new Object();
  private final long startNanos = System.nanoTime();
  private final Engine engine = new Engine(new Trace());
  private final Cluster cluster = new Cluster();
  private final GcsConfig config;
  private final FakeGcs gcs;
  private final ExecutorService workers =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "cohort-simray-actor");
            t.setDaemon(true);
            return t;
          });
  private final Thread clock;
  private volatile boolean closed;

  private final Map<String, SimGroup> byName = new HashMap<>();
  private final Map<PgId, SimGroup> groups = new HashMap<>();
  private final List<SimActor> actors = new ArrayList<>();
  private final Map<ReplicaId, SimActor> plainActors = new HashMap<>();
  private final Map<String, Resources> nodeResources = new LinkedHashMap<>();
  private int nextPlain;
  private int orphans;

  /** A cluster with no nodes yet and the GCS knobs of {@code config}. */
  public SimulatedRayCluster(GcsConfig config) {
    this.config = config;
    this.gcs = new FakeGcs(engine, config, cluster, new Observer());
    this.clock = new Thread(this::tick, "cohort-simray-clock");
    clock.setDaemon(true);
    clock.start();
  }

  private long now() {
    return (System.nanoTime() - startNanos) / 1_000;
  }

  /** Fires every event due by now. Under the lock. */
  private void advance() {
    engine.run(Math.max(engine.now(), now()), () -> false);
  }

  private void tick() {
    while (!closed) {
      synchronized (lock) {
        advance();
        lock.notifyAll();
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Runs {@code op} as a GCS event at the current instant, after what is due. Under the lock. */
  private void inEngine(EventPriority priority, String kind, Runnable op) {
    advance();
    engine.schedule(
        engine.now(),
        priority,
        new SimEvent() {
          @Override
          public void fire() {
            op.run();
          }

          @Override
          public void trace(Trace t) {
            t.kind(kind);
          }
        });
    engine.run(engine.now(), () -> false);
    lock.notifyAll();
  }

  // ---------------------------------------------------------------- nodes

  /** Adds {@code count} nodes named {@code <group>-<i>} (continuing the group's numbering). */
  public void addNodes(String group, int count, Map<String, Double> resources) {
    synchronized (lock) {
      int first = 0;
      while (nodeResources.containsKey(group + "-" + first)) {
        first++;
      }
      for (int i = first; i < first + count; i++) {
        String name = group + "-" + i;
        nodeResources.put(name, Resources.of(resources));
        join(name);
      }
    }
  }

  private void join(String name) {
    inEngine(
        EventPriority.NODE_JOIN,
        "node-join",
        () -> {
          SimNode n =
              cluster.join(
                  name,
                  name.substring(0, name.lastIndexOf('-')),
                  nodeResources.get(name),
                  new TreeMap<>(),
                  engine.now());
          gcs.nodeAdded(n);
        });
  }

  /**
   * Crashes node {@code name} now: its processes die at once; the GCS declares it dead when health
   * checks fail, and only then do its actors die and its bundles go back to the queue.
   */
  public void crashNode(String name) {
    synchronized (lock) {
      SimNode n = cluster.current(name).orElseThrow(() -> new IllegalArgumentException(name));
      inEngine(
          EventPriority.NODE_CRASH,
          "node-crash",
          () -> {
            if (!cluster.crash(n)) {
              return;
            }
            for (SimActor a : List.copyOf(actors)) {
              if (a.node == n) {
                a.killProcesses(); // the machine is gone, and every process on it
              }
            }
            engine.schedule(
                config.deathTime(n.registeredAt(), engine.now()),
                EventPriority.NODE_DEAD,
                new SimEvent() {
                  @Override
                  public void fire() {
                    cluster.declareDead(n);
                    gcs.nodeDead(n);
                    for (SimActor a : List.copyOf(actors)) {
                      if (a.node == n && a.plain == null) {
                        a.die("node " + n.name() + " died", false);
                      }
                    }
                    cluster.forget(n);
                    lock.notifyAll();
                  }

                  @Override
                  public void trace(Trace t) {
                    t.kind("node-dead").field("node", n.name());
                  }
                });
          });
    }
  }

  /** A crashed node comes back (as a new incarnation under its name). */
  public void restartNode(String name) {
    synchronized (lock) {
      join(name);
    }
  }

  // ---------------------------------------------------------------- what tests look at

  /** Names of groups created and not removed. */
  public List<String> liveGroups() {
    synchronized (lock) {
      return List.copyOf(new TreeSet<>(byName.keySet()));
    }
  }

  /** How many actors are not dead. */
  public int liveActors() {
    synchronized (lock) {
      return actors.size();
    }
  }

  /**
   * Processes a real Ray would have left running: alive in an actor when it was killed or its group
   * removed (they run in their own session, which Ray's kill does not reach). The cluster kills
   * them anyway, so tests leave nothing behind, and counts them.
   */
  public int orphanedProcesses() {
    synchronized (lock) {
      return orphans;
    }
  }

  /** The node holding bundle {@code bundle} of group {@code name} now, or null. */
  public String nodeOfBundle(String name, int bundle) {
    synchronized (lock) {
      advance();
      SimGroup g = byName.get(name);
      if (g == null) {
        return null;
      }
      int id = gcs.bundleNode(g.id, bundle);
      SimNode n = id < 0 ? null : cluster.node(id);
      return n == null ? null : n.name();
    }
  }

  // ---------------------------------------------------------------- groups

  @Override
  public Group createGroup(String name, List<Map<String, Double>> bundles, String strategy) {
    if (bundles.isEmpty()) {
      throw new Refused("Bundles cannot be empty or bundle's resource must be positive.");
    }
    List<Bundle> bs = new ArrayList<>();
    for (Map<String, Double> b : bundles) {
      if (b.isEmpty() || b.values().stream().anyMatch(v -> !(v > 0))) {
        throw new Refused("Bundles cannot be empty or bundle's resource must be positive.");
      }
      bs.add(new Bundle(bs.size(), Resources.of(b)));
    }
    PlacementStrategy s;
    try {
      s = PlacementStrategy.valueOf(strategy);
    } catch (IllegalArgumentException e) {
      throw new Refused("unknown placement strategy " + strategy);
    }
    synchronized (lock) {
      if (byName.containsKey(name)) {
        throw new Refused(
            "Failed to create placement group '" + name + "' because name is already taken");
      }
      SimGroup g = new SimGroup(name, new PgId(name, 0));
      byName.put(name, g);
      groups.put(g.id, g);
      inEngine(
          EventPriority.GCS,
          "pg-create",
          () -> gcs.createPlacementGroup(new PlacementGroupSpec(g.id, bs, s)));
      return g;
    }
  }

  @Override
  public void removeGroup(Group group) {
    SimGroup g = (SimGroup) group;
    synchronized (lock) {
      if (g.removed) {
        return;
      }
      g.removed = true;
      byName.remove(g.name, g);
      inEngine(
          EventPriority.GCS,
          "pg-remove",
          () -> {
            gcs.removePlacementGroup(g.id);
            for (SimActor a : List.copyOf(actors)) {
              if (a.group == g) {
                a.die("its placement group was removed", true);
              }
            }
          });
    }
  }

  @Override
  public GroupState state(Group group) {
    SimGroup g = (SimGroup) group;
    synchronized (lock) {
      advance();
      if (g.removed) {
        return GroupState.REMOVED;
      }
      PgState s = gcs.placementGroup(g.id).map(PlacementGroupView::state).orElse(PgState.REMOVED);
      return GroupState.valueOf(s.name());
    }
  }

  @Override
  public boolean waitReady(Group group, long timeoutMillis) {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    synchronized (lock) {
      while (true) {
        advance();
        GroupState s = stateLocked((SimGroup) group);
        if (s == GroupState.CREATED) {
          return true;
        }
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (s == GroupState.REMOVED || left <= 0 || closed) {
          return false;
        }
        try {
          lock.wait(Math.min(left, 50));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
  }

  private GroupState stateLocked(SimGroup g) {
    if (g.removed) {
      return GroupState.REMOVED;
    }
    return GroupState.valueOf(
        gcs.placementGroup(g.id).map(PlacementGroupView::state).orElse(PgState.REMOVED).name());
  }

  // ---------------------------------------------------------------- actors

  @Override
  public Actor createActor(Group group, int bundle, Map<String, Double> resources) {
    SimGroup g = (SimGroup) group;
    synchronized (lock) {
      advance();
      SimActor a = new SimActor(g, bundle, null);
      if (g.removed) {
        a.die("its placement group was removed", false);
        return a;
      }
      actors.add(a);
      int id = gcs.bundleNode(g.id, bundle);
      SimNode n = id < 0 ? null : cluster.node(id);
      if (n != null && !n.crashed()) {
        a.alive(n);
      } // else it starts when the bundle is placed (again)
      return a;
    }
  }

  @Override
  public Actor createActor(Map<String, Double> resources) {
    synchronized (lock) {
      ReplicaId id = new ReplicaId("actor-" + nextPlain++, 0);
      SimActor a = new SimActor(null, -1, id);
      actors.add(a);
      plainActors.put(id, a);
      inEngine(
          EventPriority.GCS,
          "actor-request",
          () -> gcs.requestActor(id, 0, Resources.of(resources)));
      return a;
    }
  }

  /** What the GCS tells the cluster: bundles placed bring their actors up; plain actors too. */
  private final class Observer implements GcsObserver {
    @Override
    public void emit(ClusterEvent e) {
      if (e instanceof ClusterEvent.PlacementGroupPlaced p) {
        SimGroup g = groups.get(p.pg());
        for (SimActor a : List.copyOf(actors)) {
          if (a.group == g && a.life == Life.PENDING && p.bundles().containsKey(a.bundle)) {
            a.alive(nodeOf(p.bundles().get(a.bundle)));
          }
        }
      } else if (e instanceof ClusterEvent.ActorPlaced p) {
        SimActor a = plainActors.get(p.replica());
        if (a != null && a.life == Life.PENDING) {
          a.alive(nodeOf(p.node()));
        }
      } else if (e instanceof ClusterEvent.ActorLost l) {
        SimActor a = plainActors.get(l.replica());
        if (a != null) {
          a.die(l.cause(), false);
        }
      }
      lock.notifyAll();
    }
  }

  private SimNode nodeOf(NodeRef ref) {
    return cluster.current(ref.name()).orElseThrow();
  }

  @Override
  public Call<String> ready(Actor actor) {
    SimActor a = (SimActor) actor;
    synchronized (lock) {
      advance();
      SimCall<String> c = a.call();
      a.whenAlive(() -> a.answer(c, a.node.name()));
      return c;
    }
  }

  @Override
  public Call<String> run(Actor actor, String launchJson) {
    SimActor a = (SimActor) actor;
    synchronized (lock) {
      advance();
      SimCall<String> c = a.call();
      a.whenAlive(() -> startRun(a, c, launchJson));
      return c;
    }
  }

  private void startRun(SimActor a, SimCall<String> c, String launchJson) {
    String key = launchJson.replaceAll("(?s).*\"key\":\"([^\"]*)\".*", "$1");
    a.running.add(key);
    workers.submit(
        () -> {
          String code = null;
          RuntimeException failure = null;
          try {
            a.slots.acquire();
            try {
              code = a.impl.run(launchJson);
            } finally {
              a.slots.release();
            }
          } catch (Exception e) {
            failure = new CallFailed(e.toString());
          }
          synchronized (lock) {
            a.running.remove(key);
            if (a.node != null && a.node.crashed()) {
              return; // its node is gone: the call fails when the GCS declares the node dead
            }
            if (failure != null) {
              a.fail(c, failure);
            } else {
              a.answer(c, code);
            }
            lock.notifyAll();
          }
        });
  }

  @Override
  public Call<Boolean> stop(Actor actor, String key, long graceMillis) {
    SimActor a = (SimActor) actor;
    synchronized (lock) {
      advance();
      SimCall<Boolean> c = a.call();
      a.whenAlive(
          () ->
              workers.submit(
                  () -> {
                    boolean stopped;
                    try {
                      a.slots.acquire();
                    } catch (InterruptedException e) {
                      return;
                    }
                    try {
                      stopped = a.impl.stop(key, graceMillis);
                    } finally {
                      a.slots.release();
                    }
                    synchronized (lock) {
                      a.answer(c, stopped);
                      lock.notifyAll();
                    }
                  }));
      return c;
    }
  }

  @Override
  public void kill(Actor actor) {
    SimActor a = (SimActor) actor;
    synchronized (lock) {
      if (a.life == Life.DEAD) {
        return;
      }
      a.die("killed", true);
      if (a.plain != null) {
        inEngine(EventPriority.GCS, "actor-release", () -> gcs.releaseActor(a.plain, 0));
      }
    }
  }

  @Override
  public boolean await(Call<?> call, long timeoutMillis) {
    try {
      ((SimCall<?>) call).result.get(timeoutMillis, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public <T> T get(Call<T> call) {
    try {
      return ((SimCall<T>) call).result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new CallFailed(String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallFailed("interrupted");
    }
  }

  /** Stops the clock, kills every actor (and what it runs) and removes every group. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      for (SimActor a : List.copyOf(actors)) {
        a.die("cluster shut down", true);
      }
      for (SimGroup g : List.copyOf(byName.values())) {
        g.removed = true;
        gcs.removePlacementGroup(g.id);
      }
      byName.clear();
      lock.notifyAll();
    }
    clock.interrupt();
    workers.shutdown();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
