package dev.cohort.driver.ray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohort.core.placement.Bundle;
import dev.cohort.core.placement.PlacementGroupSpec;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The backend port on Ray, through {@link RayClient}: the gang and the extra replicas' groups
 * become Ray placement groups, and each placed bundle gets a {@link CommandActor} that reports its
 * node's address (so rank 0's real host is known before anything starts) and runs each attempt of
 * its replica as a process. Blocking calls run on worker threads and report through the runtime
 * loop.
 *
 * <p>On a cluster a node's death reaches the driver as the death of the actors on it. The adapter
 * treats a bundle actor's death as the loss of that bundle: the controller hears {@code
 * PlacementGroupRescheduling}, a new actor waits for the bundle to be placed again (possibly on
 * another host) and reports where, as {@code PlacementGroupPlaced}; a plain actor's death is {@code
 * ActorLost}. Processes are stopped through the actor that runs them (SIGTERM, SIGKILL after the
 * stop grace) before any actor is killed or group removed, since Ray's kill would leave a process
 * in its own session running.
 */
public final class RayBackend implements Backend, FaultInjection {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long POLL_MILLIS = 250;

  /**
   * How the backend runs.
   *
   * @param stopGraceMillis SIGTERM to SIGKILL grace when a replica is stopped
   * @param commandOverrides argv per replica index, where it differs from the job's (TorchX)
   * @param ownsClient whether {@link #close} also closes the client
   */
  public record Config(
      long stopGraceMillis, Map<Integer, List<String>> commandOverrides, boolean ownsClient) {
    public Config {
      commandOverrides = Map.copyOf(commandOverrides);
    }
  }

  /** A running attempt. */
  private record Attempt(Command.StartReplica start, RayClient.Actor actor) {}

  /** A plain actor lease. */
  private record Lease(int lease, RayClient.Actor actor) {}

  private final JobSpec spec;
  private final RuntimeLoop loop;
  private final RayClient ray;
  private final Config config;
  private final ExecutorService workers =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "cohort-ray");
            t.setDaemon(true);
            return t;
          });

  private final Map<PgId, RayClient.Group> groups = new ConcurrentHashMap<>();
  private final Map<PgId, List<Map<String, Double>>> bundleDemands =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Set<PgId> removed = ConcurrentHashMap.newKeySet();

  /** The command actor of each placed bundle, reused across attempts until it dies. */
  private final Map<Slot.InBundle, RayClient.Actor> bundleActors = new ConcurrentHashMap<>();

  /** Where each slot was last reported placed. */
  private final Map<Slot, NodeRef> slotNodes = new ConcurrentHashMap<>();

  private final Map<ReplicaId, Lease> leases = new ConcurrentHashMap<>();
  private final Map<String, Attempt> attempts = new ConcurrentHashMap<>();
  private final Set<String> injected = ConcurrentHashMap.newKeySet();

  /** Attempts already asked to stop: their grace is never cut short by a second signal. */
  private final Set<String> stopping = ConcurrentHashMap.newKeySet();

  /** Stop calls not yet answered, by actor: an actor is killed only after them. */
  private final Map<RayClient.Actor, List<RayClient.Call<Boolean>>> stops =
      new ConcurrentHashMap<>();

  /** Actors released or removed whose kill waits on a worker (close kills them if it must). */
  private final Set<RayClient.Actor> dying = ConcurrentHashMap.newKeySet();

  private final Map<Integer, String> rendezvous = new TreeMap<>();
  private volatile boolean closed;

  public RayBackend(JobSpec spec, RuntimeLoop loop, RayClient ray, Config config) {
    this.spec = spec;
    this.loop = loop;
    this.ray = ray;
    this.config = config;
  }

  @Override
  public String name() {
    return "ray";
  }

  private static Map<String, Double> demand(Resources r) {
    return new TreeMap<>(r.asMap());
  }

  private static String key(ReplicaId r, int attempt) {
    return r.job() + "/" + r.index() + "/" + attempt;
  }

  /**
   * The Ray name of a group: one per job and group index, so a second driver of the same job is
   * refused.
   */
  static String groupName(PgId id) {
    return id.job() + "-pg" + id.index();
  }

  private static NodeRef node(String host) {
    return new NodeRef("ray-" + host, host, 0);
  }

  // ---------------------------------------------------------------- placement groups

  @Override
  public void createPlacementGroup(Command.CreatePlacementGroup c) {
    PlacementGroupSpec g = c.spec();
    List<Map<String, Double>> bundles = new ArrayList<>();
    for (Bundle b : g.bundles()) {
      bundles.add(demand(b.resources()));
    }
    RayClient.Group group;
    try {
      group = ray.createGroup(groupName(g.id()), bundles, g.strategy().name());
    } catch (RayClient.Refused e) {
      loop.post(new ClusterEvent.PlacementGroupRefused(loop.now(), g.id(), e.getMessage()));
      return;
    }
    groups.put(g.id(), group);
    bundleDemands.put(g.id(), List.copyOf(bundles));
    workers.submit(() -> awaitPlaced(g.id(), group, bundles));
  }

  /** What one bundle of a group asks for (bundles of one group may differ: roles). */
  private Map<String, Double> bundleDemand(Slot.InBundle slot) {
    List<Map<String, Double>> d = bundleDemands.get(slot.pg());
    return d == null ? demand(spec.resourcesOf(0)) : d.get(slot.bundle());
  }

  private boolean gone(PgId id) {
    return closed || removed.contains(id);
  }

  /** Waits for the group, then learns each bundle's host through its new actor. */
  private void awaitPlaced(PgId id, RayClient.Group group, List<Map<String, Double>> bundles) {
    try {
      while (!gone(id)) {
        if (ray.waitReady(group, 1000)) {
          TreeMap<Integer, NodeRef> placed = new TreeMap<>();
          for (int i = 0; i < bundles.size(); i++) {
            NodeRef n = probe(new Slot.InBundle(id, i), group, bundles.get(i));
            if (n == null) {
              return;
            }
            placed.put(i, n);
          }
          loop.post(new ClusterEvent.PlacementGroupPlaced(loop.now(), id, placed));
          return;
        }
      }
    } catch (RayClient.Refused e) {
      if (!gone(id)) {
        loop.post(new ClusterEvent.PlacementGroupRefused(loop.now(), id, e.getMessage()));
      }
    }
  }

  /**
   * Creates the bundle's actor and waits until it runs (the bundle is placed); returns its node, or
   * null once the group is gone. An actor that dies first (its node died) is replaced.
   */
  private NodeRef probe(Slot.InBundle slot, RayClient.Group group, Map<String, Double> resources) {
    while (!gone(slot.pg())) {
      RayClient.Actor a = ray.createActor(group, slot.bundle(), resources);
      bundleActors.put(slot, a);
      RayClient.Call<String> host = ray.ready(a);
      while (!ray.await(host, POLL_MILLIS)) {
        if (gone(slot.pg())) {
          return null;
        }
      }
      try {
        NodeRef n = node(ray.get(host));
        slotNodes.put(slot, n);
        return n;
      } catch (RayClient.ActorDied | RayClient.CallFailed e) {
        bundleActors.remove(slot, a);
      }
    }
    return null;
  }

  /** A bundle's actor died: the bundle is lost until a new actor reports where it is placed. */
  private void bundleLost(Slot.InBundle slot, RayClient.Actor dead) {
    bundleActors.remove(slot, dead);
    RayClient.Group group = groups.get(slot.pg());
    if (group == null || gone(slot.pg())) {
      return;
    }
    loop.post(
        new ClusterEvent.PlacementGroupRescheduling(loop.now(), slot.pg(), List.of(slot.bundle())));
    workers.submit(
        () -> {
          NodeRef n = probe(slot, group, bundleDemand(slot));
          if (n != null) {
            loop.post(
                new ClusterEvent.PlacementGroupPlaced(
                    loop.now(), slot.pg(), Map.of(slot.bundle(), n)));
          }
        });
  }

  @Override
  public void removePlacementGroup(Command.RemovePlacementGroup c) {
    PgId id = c.pg();
    removed.add(id);
    RayClient.Group group = groups.get(id);
    List<RayClient.Actor> actors = new ArrayList<>();
    for (var e : List.copyOf(bundleActors.entrySet())) {
      if (e.getKey().pg().equals(id) && bundleActors.remove(e.getKey(), e.getValue())) {
        actors.add(e.getValue());
        dying.add(e.getValue());
      }
    }
    workers.submit(
        () -> {
          actors.forEach(this::killAfterStops);
          if (group != null) {
            ray.removeGroup(group);
            groups.remove(id, group);
          }
        });
  }

  // ---------------------------------------------------------------- plain actors

  @Override
  public void requestActor(Command.RequestActor c) {
    RayClient.Actor a = ray.createActor(demand(c.demand()));
    leases.put(c.replica(), new Lease(c.lease(), a));
    RayClient.Call<String> probe = ray.ready(a);
    workers.submit(
        () -> {
          while (!ray.await(probe, POLL_MILLIS)) {
            if (closed || !current(c.replica(), a)) {
              return;
            }
          }
          try {
            NodeRef n = node(ray.get(probe));
            slotNodes.put(new Slot.Actor(c.replica(), c.demand()), n);
            loop.post(new ClusterEvent.ActorPlaced(loop.now(), c.replica(), c.lease(), n));
          } catch (RayClient.ActorDied | RayClient.CallFailed e) {
            loop.post(
                new ClusterEvent.ActorLost(loop.now(), c.replica(), c.lease(), e.getMessage()));
          }
        });
  }

  private boolean current(ReplicaId r, RayClient.Actor a) {
    Lease l = leases.get(r);
    return l != null && l.actor() == a;
  }

  @Override
  public void releaseActor(Command.ReleaseActor c) {
    Lease l = leases.get(c.replica());
    if (l != null && l.lease() == c.lease() && leases.remove(c.replica(), l)) {
      dying.add(l.actor());
      workers.submit(() -> killAfterStops(l.actor()));
    }
  }

  // ---------------------------------------------------------------- processes

  @Override
  public void startReplica(Command.StartReplica s) {
    RayClient.Actor actor;
    if (s.slot() instanceof Slot.InBundle ib) {
      actor = bundleActors.get(ib);
      if (actor == null) { // its actor died: a new one waits until the bundle is placed again
        RayClient.Group g = groups.get(ib.pg());
        if (g == null) {
          throw new IllegalStateException(
              "start of " + s.replica() + " in unknown group " + ib.pg());
        }
        actor = ray.createActor(g, ib.bundle(), bundleDemand(ib));
        bundleActors.put(ib, actor);
      }
    } else {
      Lease l = leases.get(s.replica());
      if (l == null) {
        throw new IllegalStateException("start of " + s.replica() + " without its actor");
      }
      actor = l.actor();
    }
    String rdzv =
        rendezvous.computeIfAbsent(
            s.launch().generation(),
            g -> ReplicaEnvironment.rendezvousEndpoint(s.launch().rank0Host()));
    NodeRef where = slotNodes.getOrDefault(s.slot(), new NodeRef("ray", "", 0));
    String key = key(s.replica(), s.attempt());
    ObjectNode launch = JSON.createObjectNode();
    launch.put("key", key);
    launch.put("prefix", "[r" + s.replica().index() + "." + s.attempt() + "] ");
    var argv = launch.putArray("argv");
    config
        .commandOverrides()
        .getOrDefault(s.replica().index(), spec.commandOf(s.replica().index()))
        .forEach(argv::add);
    ObjectNode env = launch.putObject("env");
    ReplicaEnvironment.of(spec, s, rdzv, where.name()).forEach(env::put);
    RayClient.Call<String> result = ray.run(actor, launch.toString());
    attempts.put(key, new Attempt(s, actor));
    loop.post(new ClusterEvent.ReplicaStarted(loop.now(), s.replica(), s.attempt(), where));
    RayClient.Actor a = actor;
    workers.submit(() -> awaitExit(s, key, a, result));
  }

  private void awaitExit(
      Command.StartReplica s, String key, RayClient.Actor actor, RayClient.Call<String> result) {
    while (!ray.await(result, POLL_MILLIS)) {
      if (closed) {
        return;
      }
    }
    if (closed) {
      return;
    }
    try {
      JsonNode answer = parseAnswer(ray.get(result));
      attempts.remove(key);
      stopping.remove(key);
      if (answer.has("refused")) {
        injected.remove(key);
        loop.post(
            new ClusterEvent.LaunchRefused(
                loop.now(), s.replica(), s.attempt(), answer.get("refused").asText()));
      } else if (injected.remove(key)) {
        loop.post(
            new ClusterEvent.ReplicaLost(
                loop.now(), s.replica(), s.attempt(), "killed by fault injection"));
      } else {
        int code = answer.required("exit").asInt();
        loop.post(new ClusterEvent.ReplicaExited(loop.now(), s.replica(), s.attempt(), code));
      }
    } catch (RayClient.ActorDied e) {
      attempts.remove(key);
      stopping.remove(key);
      if (s.slot() instanceof Slot.InBundle ib) {
        bundleLost(ib, actor);
      } else {
        Lease l = leases.get(s.replica());
        if (l != null && l.actor() == actor && leases.remove(s.replica(), l)) {
          loop.post(
              new ClusterEvent.ActorLost(
                  loop.now(), s.replica(), l.lease(), "actor died: " + e.getMessage()));
        }
      }
    } catch (RayClient.CallFailed e) {
      attempts.remove(key);
      stopping.remove(key);
      loop.post(
          new ClusterEvent.ReplicaLost(
              loop.now(), s.replica(), s.attempt(), "task failed: " + e.getMessage()));
    }
  }

  private static JsonNode parseAnswer(String json) {
    try {
      return JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("unreadable answer from a command actor: " + json, e);
    }
  }

  @Override
  public void stopReplica(Command.StopReplica c) {
    String key = key(c.replica(), c.attempt());
    Attempt a = attempts.get(key);
    if (a != null && stopping.add(key)) {
      stop(a.actor(), key, config.stopGraceMillis());
    }
  }

  private RayClient.Call<Boolean> stop(RayClient.Actor actor, String key, long graceMillis) {
    RayClient.Call<Boolean> call = ray.stop(actor, key, graceMillis);
    stops.computeIfAbsent(actor, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(call);
    return call;
  }

  /** Kills an actor once the stops sent to it are answered (so no process is left running). */
  private void killAfterStops(RayClient.Actor actor) {
    List<RayClient.Call<Boolean>> pending = stops.get(actor);
    if (pending != null) {
      for (RayClient.Call<Boolean> c : pending) {
        awaitQuietly(c, config.stopGraceMillis() + 10_000);
      }
    }
    stops.remove(actor);
    ray.kill(actor);
    dying.remove(actor);
  }

  private void awaitQuietly(RayClient.Call<Boolean> c, long millis) {
    try {
      if (ray.await(c, millis)) {
        ray.get(c);
      }
    } catch (RuntimeException e) {
      // the actor died meanwhile: whatever it ran died with it
    }
  }

  // ---------------------------------------------------------------- fault injection

  @Override
  public boolean killReplica(int replica) {
    for (var e : attempts.entrySet()) {
      if (e.getValue().start().replica().index() == replica && stopping.add(e.getKey())) {
        injected.add(e.getKey());
        stop(e.getValue().actor(), e.getKey(), 0);
        return true;
      }
    }
    return false;
  }

  @Override
  public List<Integer> runningReplicas() {
    TreeSet<Integer> out = new TreeSet<>();
    attempts.values().forEach(a -> out.add(a.start().replica().index()));
    return List.copyOf(out);
  }

  // ---------------------------------------------------------------- shutdown

  /**
   * Stops every live attempt within the stop grace, then kills every actor and removes every group
   * this backend created.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (var e : attempts.entrySet()) {
      if (stopping.add(e.getKey())) {
        stop(e.getValue().actor(), e.getKey(), config.stopGraceMillis());
      }
    }
    List<RayClient.Call<Boolean>> calls = new ArrayList<>();
    stops.values().forEach(calls::addAll);
    calls.forEach(c -> awaitQuietly(c, config.stopGraceMillis() + 10_000));
    workers.shutdown(); // every worker loop ends once it sees the backend closed
    try {
      if (!workers.awaitTermination(config.stopGraceMillis() + 10_000, TimeUnit.MILLISECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<RayClient.Actor> actors = new ArrayList<>(bundleActors.values());
    leases.values().forEach(l -> actors.add(l.actor()));
    actors.addAll(dying);
    bundleActors.clear();
    leases.clear();
    actors.forEach(this::killAfterStops);
    for (PgId id : List.copyOf(groups.keySet())) {
      RayClient.Group g = groups.remove(id);
      if (g != null) {
        ray.removeGroup(g);
      }
    }
    if (config.ownsClient()) {
      ray.close();
    }
  }
}
