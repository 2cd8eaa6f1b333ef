package dev.cohort.driver.ray;

import java.util.List;
import java.util.Map;

/**
 * All the Ray adapter asks of Ray, and nothing more: placement groups (create, remove, wait,
 * state), command actors (in a bundle or with bare resource demands), three calls on them ({@link
 * CommandActor#ready}, {@link CommandActor#run}, {@link CommandActor#stop}), killing them, and
 * waiting for results. Two implementations: {@link RayJavaClient} on Ray's Java API and {@link
 * SimulatedRayCluster} on the fake GCS and simulated nodes, where the cluster-mode paths (pending
 * groups, node deaths, bundles re-placed on other hosts, refusals) run in tests.
 *
 * <p>Calls may come from any thread.
 */
public interface RayClient extends AutoCloseable {

  /** A placement group's state, with Ray's names. */
  enum GroupState {
    PENDING,
    CREATED,
    RESCHEDULING,
    REMOVED
  }

  /** A placement group this client created. */
  interface Group {
    /** The name it was created with. */
    String name();
  }

  /** A command actor this client created. */
  interface Actor {}

  /** The pending result of a call on an actor. */
  interface Call<T> {}

  /** Ray refused a request outright (an invalid request, not a lack of capacity). */
  final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Refused(String message) {
      super(message);
    }
  }

  /** The actor died before or while serving the call (its node died, or it was killed). */
  final class ActorDied extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ActorDied(String message) {
      super(message);
    }
  }

  /** The call raised an error inside the actor. */
  final class CallFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CallFailed(String message) {
      super(message);
    }
  }

  /**
   * Creates a placement group; it may stay pending until capacity appears.
   *
   * @param strategy PACK, SPREAD, STRICT_PACK or STRICT_SPREAD
   * @throws Refused when Ray does not accept the request
   */
  Group createGroup(String name, List<Map<String, Double>> bundles, String strategy);

  /** Removes a group and kills what runs in it; removing a removed group does nothing. */
  void removeGroup(Group g);

  /** The group's state now. */
  GroupState state(Group g);

  /**
   * Waits up to {@code timeoutMillis} for the group to be created; true once it is.
   *
   * @throws Refused when the group failed and will never be created
   */
  boolean waitReady(Group g, long timeoutMillis);

  /**
   * Creates a command actor in bundle {@code bundle} of {@code g}; it starts once that is placed.
   */
  Actor createActor(Group g, int bundle, Map<String, Double> resources);

  /** Creates a command actor with bare resource demands (no reservation). */
  Actor createActor(Map<String, Double> resources);

  /** {@link CommandActor#ready}: the address of the actor's node, once it runs. */
  Call<String> ready(Actor a);

  /**
   * {@link CommandActor#run}: runs one replica attempt to its end; {@code {"exit": CODE}} or {@code
   * {"refused": REASON}}.
   */
  Call<String> run(Actor a, String launchJson);

  /**
   * {@link CommandActor#stop}: stops the process of attempt {@code key} on the actor (SIGTERM, then
   * SIGKILL after {@code graceMillis}); true when there was one. Served while {@code run} is busy.
   */
  Call<Boolean> stop(Actor a, String key, long graceMillis);

  /** Kills the actor. A process it started and did not stop is left to the node (Ray's way). */
  void kill(Actor a);

  /** Waits up to {@code timeoutMillis} for a result; true when it is ready. */
  boolean await(Call<?> c, long timeoutMillis);

  /**
   * The call's result, waiting for it.
   *
   * @throws ActorDied when the actor died
   * @throws CallFailed when the call failed in the actor
   */
  <T> T get(Call<T> c);

  /** Disconnects (and removes what this client still holds). */
  @Override
  void close();
}
