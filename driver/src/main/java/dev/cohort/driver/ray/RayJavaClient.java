package dev.cohort.driver.ray;

import dev.cohort.driver.runtime.FileTrees;
import io.ray.api.ActorHandle;
import io.ray.api.ObjectRef;
import io.ray.api.PlacementGroups;
import io.ray.api.Ray;
import io.ray.api.exception.RayActorException;
import io.ray.api.exception.RayException;
import io.ray.api.options.PlacementGroupCreationOptions;
import io.ray.api.placementgroup.PlacementGroup;
import io.ray.api.placementgroup.PlacementGroupState;
import io.ray.api.placementgroup.PlacementStrategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link RayClient} on Ray's Java API (2.39): a cluster at {@code HOST:PORT}, or Ray's
 * single-process mode ({@code local}), where actors cannot be killed and group states cannot be
 * queried (they are then inferred from what this client saw). One per JVM: Ray's runtime is global.
 */
public final class RayJavaClient implements RayClient {
  private final boolean local;
  private final Set<Path> sessionsBefore;
  private volatile boolean closed;

  private static final class JavaGroup implements Group {
    final String name;
    final PlacementGroup pg;
    volatile boolean seenCreated;
    volatile boolean removed;

    JavaGroup(String name, PlacementGroup pg) {
      this.name = name;
      this.pg = pg;
    }

    @Override
    public String name() {
      return name;
    }
  }

  private record JavaActor(ActorHandle<CommandActor> handle) implements Actor {}

  private record JavaCall<T>(ObjectRef<T> ref) implements Call<T> {}

  private RayJavaClient(boolean local, Set<Path> sessionsBefore) {
    this.local = local;
    this.sessionsBefore = sessionsBefore;
  }

  /**
   * Starts Ray's runtime: {@code local} for single-process mode, else the address of a running
   * cluster ({@code HOST:PORT}, the driver on one of its nodes), with this jar as the workers' code
   * search path.
   */
  public static RayJavaClient connect(String address) {
    Set<Path> before = sessions();
    boolean local = address.equals("local");
    if (local) {
      System.setProperty("ray.run-mode", "LOCAL");
    } else {
      System.setProperty("ray.address", address);
      String jar =
          RayJavaClient.class.getProtectionDomain().getCodeSource().getLocation().getPath();
      System.setProperty("ray.job.code-search-path", jar);
    }
    Ray.init();
    return new RayJavaClient(local, before);
  }

  @Override
  public Group createGroup(String name, List<Map<String, Double>> bundles, String strategy) {
    try {
      PlacementGroup pg =
          PlacementGroups.createPlacementGroup(
              new PlacementGroupCreationOptions.Builder()
                  .setName(name)
                  .setBundles(bundles)
                  .setStrategy(PlacementStrategy.valueOf(strategy))
                  .build());
      return new JavaGroup(name, pg);
    } catch (IllegalArgumentException | RayException e) {
      throw new Refused(e.getMessage());
    }
  }

  @Override
  public void removeGroup(Group g) {
    JavaGroup j = (JavaGroup) g;
    if (j.removed) {
      return;
    }
    j.removed = true;
    try {
      PlacementGroups.removePlacementGroup(j.pg.getId());
    } catch (RayException e) {
      // already gone: removal is idempotent
    }
  }

  @Override
  public GroupState state(Group g) {
    JavaGroup j = (JavaGroup) g;
    if (!local) {
      try {
        PlacementGroupState s = PlacementGroups.getPlacementGroup(j.pg.getId()).getState();
        if (s != null) {
          return GroupState.valueOf(s.name());
        }
      } catch (RayException | UnsupportedOperationException e) {
        // fall through to what this client saw
      }
    }
    if (j.removed) {
      return GroupState.REMOVED;
    }
    return j.seenCreated ? GroupState.CREATED : GroupState.PENDING;
  }

  @Override
  public boolean waitReady(Group g, long timeoutMillis) {
    JavaGroup j = (JavaGroup) g;
    int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (timeoutMillis + 999) / 1000));
    try {
      boolean ready = j.pg.wait(seconds);
      if (ready) {
        j.seenCreated = true;
      }
      return ready;
    } catch (RayException e) {
      if (j.removed) {
        return false;
      }
      throw new Refused(e.getMessage());
    }
  }

  @Override
  public Actor createActor(Group g, int bundle, Map<String, Double> resources) {
    return new JavaActor(
        Ray.actor(CommandActor::new)
            .setPlacementGroup(((JavaGroup) g).pg, bundle)
            .setResources(resources)
            .setMaxConcurrency(CommandActor.CONCURRENT_CALLS)
            .remote());
  }

  @Override
  public Actor createActor(Map<String, Double> resources) {
    return new JavaActor(
        Ray.actor(CommandActor::new)
            .setResources(resources)
            .setMaxConcurrency(CommandActor.CONCURRENT_CALLS)
            .remote());
  }

  @Override
  public Call<String> ready(Actor a) {
    return new JavaCall<>(((JavaActor) a).handle().task(CommandActor::ready).remote());
  }

  @Override
  public Call<String> run(Actor a, String launchJson) {
    return new JavaCall<>(((JavaActor) a).handle().task(CommandActor::run, launchJson).remote());
  }

  @Override
  public Call<Boolean> stop(Actor a, String key, long graceMillis) {
    return new JavaCall<>(
        ((JavaActor) a).handle().task(CommandActor::stop, key, graceMillis).remote());
  }

  @Override
  public void kill(Actor a) {
    try {
      ((JavaActor) a).handle().kill();
    } catch (RayException | UnsupportedOperationException e) {
      // single-process mode cannot kill actors; a dead actor needs no killing
    }
  }

  @Override
  public boolean await(Call<?> c, long timeoutMillis) {
    ObjectRef<?> ref = ((JavaCall<?>) c).ref();
    return !Ray.wait(List.of(ref), 1, (int) Math.min(Integer.MAX_VALUE, timeoutMillis))
        .getReady()
        .isEmpty();
  }

  @Override
  public <T> T get(Call<T> c) {
    try {
      return ((JavaCall<T>) c).ref().get();
    } catch (RayActorException e) {
      throw new ActorDied(e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
    } catch (RayException e) {
      throw new CallFailed(e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Shuts Ray down and deletes the single-process session folders it left under /tmp/ray. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Ray.shutdown();
    for (Path s : sessions()) {
      if (!sessionsBefore.contains(s)
          && s.getFileName().toString().startsWith("session_local_mode")) {
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
    Set<Path> out = new HashSet<>();
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
