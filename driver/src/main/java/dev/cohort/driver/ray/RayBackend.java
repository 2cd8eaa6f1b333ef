package dev.cohort.driver.ray;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohort.core.placement.Bundle;
import dev.cohort.core.placement.PlacementGroupSpec;
import dev.cohort.core.port.Backend;
import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.Command;
import dev.cohort.core.port.NodeRef;
import dev.cohort.core.port.PgId;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.port.Slot;
import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.driver.local.ProcessGroups;
import dev.cohort.driver.runtime.FileTrees;
import dev.cohort.driver.runtime.ReplicaEnvironment;
import dev.cohort.driver.runtime.RuntimeLoop;
import io.ray.api.ActorHandle;
import io.ray.api.ObjectRef;
import io.ray.api.PlacementGroups;
import io.ray.api.Ray;
import io.ray.api.WaitResult;
import io.ray.api.exception.RayActorException;
import io.ray.api.exception.RayException;
import io.ray.api.options.PlacementGroupCreationOptions;
import io.ray.api.placementgroup.PlacementGroup;
import io.ray.api.placementgroup.PlacementStrategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The backend port on Ray's Java API: the gang and extra groups become Ray placement groups, each
 * replica attempt a {@link CommandActor} created in its bundle whose {@code run} result is gathered
 * with {@code Ray.wait}; an actor error becomes {@code ReplicaLost}, an exit code {@code
 * ReplicaExited}. Blocking Ray calls run on worker threads and report through the runtime loop's
 * queue.
 */
public final class RayBackend implements Backend {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JobSpec spec;
  private final RuntimeLoop loop;
  private final ExecutorService workers =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "cohort-ray");
            t.setDaemon(true);
            return t;
          });
  private final Map<PgId, PlacementGroup> groups = new TreeMap<>();
  private final Set<PgId> removed = ConcurrentHashMap.newKeySet();
  private final Map<ReplicaId, ActorHandle<CommandActor>> actors = new HashMap<>();

  /** The command actor in each placed bundle ("job/pg/bundle"), reused across attempts. */
  private final Map<String, ActorHandle<CommandActor>> bundleActors = new ConcurrentHashMap<>();

  private final Map<String, Boolean> injected = new ConcurrentHashMap<>();
  private final Map<Integer, String> rendezvous = new TreeMap<>();
  private volatile boolean closed;

  public RayBackend(JobSpec spec, RuntimeLoop loop) {
    this.spec = spec;
    this.loop = loop;
  }

  @Override
  public String name() {
    return "ray";
  }

  @Override
  public void execute(List<Command> commands) {
    for (Command c : commands) {
      if (c instanceof Command.CreatePlacementGroup cp) {
        create(cp.spec());
      } else if (c instanceof Command.RemovePlacementGroup rp) {
        remove(rp.pg());
      } else if (c instanceof Command.RequestActor ra) {
        requestActor(ra);
      } else if (c instanceof Command.ReleaseActor ra) {
        ActorHandle<CommandActor> a = actors.remove(ra.replica());
        if (a != null) {
          killQuietly(a);
        }
      } else if (c instanceof Command.StartReplica s) {
        start(s);
      } else if (c instanceof Command.StopReplica s) {
        stop(s.replica(), s.attempt());
      }
    }
  }

  private static Map<String, Double> demand(Resources r) {
    return new TreeMap<>(r.asMap());
  }

  private void create(PlacementGroupSpec g) {
    List<Map<String, Double>> bundles = new ArrayList<>();
    for (Bundle b : g.bundles()) {
      bundles.add(demand(b.resources()));
    }
    PlacementGroup pg =
        PlacementGroups.createPlacementGroup(
            new PlacementGroupCreationOptions.Builder()
                .setName(g.id().job() + "-pg" + g.id().index() + "-" + System.nanoTime())
                .setBundles(bundles)
                .setStrategy(PlacementStrategy.valueOf(g.strategy().name()))
                .build());
    groups.put(g.id(), pg);
    workers.submit(
        () -> {
          // Ray places the whole group atomically; wait() returns once it is created.
          while (!closed && !removed.contains(g.id())) {
            try {
              if (pg.wait(1)) {
                // As TorchX did: an actor per bundle, created now, reports the node it landed on,
                // so rank 0's real address is known before anything starts.
                TreeMap<Integer, NodeRef> placed = new TreeMap<>();
                for (int i = 0; i < bundles.size(); i++) {
                  ActorHandle<CommandActor> a =
                      Ray.actor(CommandActor::new)
                          .setPlacementGroup(pg, i)
                          .setResources(bundles.get(i))
                          .remote();
                  bundleActors.put(bundleKey(g.id(), i), a);
                  String host = a.task(CommandActor::ready).remote().get();
                  placed.put(i, new NodeRef("ray-" + host, host, 0));
                }
                loop.post(new ClusterEvent.PlacementGroupPlaced(loop.now(), g.id(), placed));
                return;
              }
            } catch (RayException e) {
              return; // removed meanwhile
            }
          }
        });
  }

  private static String bundleKey(PgId pg, int bundle) {
    return pg.job() + "/" + pg.index() + "/" + bundle;
  }

  private void remove(PgId id) {
    removed.add(id);
    for (String k : List.copyOf(bundleActors.keySet())) {
      if (k.startsWith(id.job() + "/" + id.index() + "/")) {
        killQuietly(bundleActors.remove(k));
      }
    }
    PlacementGroup pg = groups.remove(id);
    if (pg != null) {
      try {
        PlacementGroups.removePlacementGroup(pg.getId());
      } catch (RayException e) {
        // already gone: removal is idempotent
      }
    }
  }

  private void requestActor(Command.RequestActor ra) {
    ActorHandle<CommandActor> a =
        Ray.actor(CommandActor::new).setResources(demand(ra.demand())).remote();
    actors.put(ra.replica(), a);
    ObjectRef<String> probe = a.task(CommandActor::ready).remote();
    workers.submit(
        () -> {
          try {
            String host = probe.get();
            loop.post(
                new ClusterEvent.ActorPlaced(
                    loop.now(), ra.replica(), ra.lease(), new NodeRef("ray", host, 0)));
          } catch (RayException e) {
            loop.post(
                new ClusterEvent.ActorLost(loop.now(), ra.replica(), ra.lease(), e.getMessage()));
          }
        });
  }

  private static String key(ReplicaId r, int attempt) {
    return r.job() + "/" + r.index() + "/" + attempt;
  }

  private void start(Command.StartReplica s) {
    ActorHandle<CommandActor> actor;
    if (s.slot() instanceof Slot.InBundle ib) {
      PlacementGroup pg = groups.get(ib.pg());
      if (pg == null) {
        throw new IllegalStateException("start of " + s.replica() + " in unknown group " + ib.pg());
      }
      String bk = bundleKey(ib.pg(), ib.bundle());
      actor = bundleActors.get(bk);
      if (actor == null) { // its actor died: a new one waits until the bundle is placed again
        actor =
            Ray.actor(CommandActor::new)
                .setPlacementGroup(pg, ib.bundle())
                .setResources(demand(spec.resources()))
                .remote();
        bundleActors.put(bk, actor);
      }
    } else {
      actor = actors.get(s.replica());
    }
    String rdzv =
        rendezvous.computeIfAbsent(
            s.launch().generation(),
            g -> ReplicaEnvironment.rendezvousEndpoint(s.launch().rank0Host()));
    ObjectNode launch = JSON.createObjectNode();
    String key = key(s.replica(), s.attempt());
    launch.put("key", key);
    launch.put("prefix", "[r" + s.replica().index() + "." + s.attempt() + "] ");
    var argv = launch.putArray("argv");
    spec.command().forEach(argv::add);
    ObjectNode env = launch.putObject("env");
    ReplicaEnvironment.of(spec, s, rdzv, "ray").forEach(env::put);
    ObjectRef<Integer> result = actor.task(CommandActor::run, launch.toString()).remote();
    loop.post(
        new ClusterEvent.ReplicaStarted(
            loop.now(), s.replica(), s.attempt(), new NodeRef("ray", "", 0)));
    workers.submit(
        () -> {
          while (!closed) {
            WaitResult<Integer> w = Ray.wait(List.of(result), 1, 500);
            if (!w.getReady().isEmpty()) {
              break;
            }
          }
          if (closed) {
            return;
          }
          try {
            int code = result.get();
            if (injected.remove(key) != null) {
              loop.post(
                  new ClusterEvent.ReplicaLost(
                      loop.now(), s.replica(), s.attempt(), "actor lost (fault injection)"));
            } else {
              loop.post(new ClusterEvent.ReplicaExited(loop.now(), s.replica(), s.attempt(), code));
            }
          } catch (RayActorException e) {
            if (s.slot() instanceof Slot.InBundle ib) {
              bundleActors.remove(bundleKey(ib.pg(), ib.bundle()));
            }
            loop.post(
                new ClusterEvent.ReplicaLost(
                    loop.now(),
                    s.replica(),
                    s.attempt(),
                    "actor died: " + e.getClass().getSimpleName()));
          } catch (RayException e) {
            loop.post(
                new ClusterEvent.ReplicaLost(
                    loop.now(),
                    s.replica(),
                    s.attempt(),
                    "task failed: " + e.getClass().getSimpleName()));
          }
        });
  }

  private void stop(ReplicaId replica, int attempt) {
    Process p = CommandActor.LIVE.get(key(replica, attempt));
    if (p != null) {
      workers.submit(() -> ProcessGroups.terminate(p.pid(), 2_000));
    }
  }

  /**
   * Fault-injection seam: makes the replica's actor look lost (its process is killed and the
   * controller hears {@code ReplicaLost}). Single-process mode cannot kill an actor, so this is how
   * tests reach the recovery path. Returns false when the attempt is not running here.
   */
  public boolean injectActorLoss(int replica, int attempt) {
    String key = key(new ReplicaId(spec.name(), replica), attempt);
    Process p = CommandActor.LIVE.get(key);
    if (p == null) {
      return false;
    }
    injected.put(key, true);
    ProcessGroups.signal(p.pid(), "KILL");
    return true;
  }

  /** Stops every process this backend started and removes its groups. */
  public void close() {
    closed = true;
    for (Process p : CommandActor.LIVE.values()) {
      ProcessGroups.signal(p.pid(), "KILL");
    }
    for (PgId id : List.copyOf(groups.keySet())) {
      remove(id);
    }
    workers.shutdownNow();
  }

  private static void killQuietly(ActorHandle<CommandActor> a) {
    try {
      a.kill();
    } catch (RuntimeException e) {
      // single-process mode cannot kill actors; nothing else holds the lease there
    }
  }

  /**
   * Starts Ray: {@code local} for single-process mode, else the address of a running cluster
   * ({@code HOST:PORT}), with this jar as the workers' code search path. Returns the session
   * folders that existed before, so {@link #shutdownRay} can remove only ours.
   */
  public static Set<Path> initRay(String address) {
    Set<Path> before = sessions();
    if (address.equals("local")) {
      System.setProperty("ray.run-mode", "LOCAL");
    } else {
      System.setProperty("ray.address", address);
      String jar = RayBackend.class.getProtectionDomain().getCodeSource().getLocation().getPath();
      System.setProperty("ray.job.code-search-path", jar);
    }
    Ray.init();
    return before;
  }

  /** Shuts Ray down and deletes the single-process session folders it left under /tmp/ray. */
  public static void shutdownRay(Set<Path> before) {
    Ray.shutdown();
    for (Path s : sessions()) {
      if (!before.contains(s) && s.getFileName().toString().startsWith("session_local_mode")) {
        try {
          FileTrees.delete(s);
        } catch (IOException e) {
          // best effort: a session folder we cannot remove is left for the user
        }
      }
    }
  }

  private static Set<Path> sessions() {
    Path root = Path.of("/tmp/ray");
    Set<Path> out = ConcurrentHashMap.newKeySet();
    if (Files.isDirectory(root)) {
      try (var s = Files.list(root)) {
        s.forEach(out::add);
      } catch (IOException e) {
        // nothing to list
      }
    }
    return out;
  }
}
