package dev.cohort.sim.check;

import dev.cohort.core.placement.Bundle;
import dev.cohort.core.placement.ClusterState;
import dev.cohort.core.placement.PlacementGroupSpec;
import dev.cohort.core.placement.PlacementStrategy;
import dev.cohort.core.port.PgId;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.resources.Resources;
import dev.cohort.sim.gcs.GcsView;
import dev.cohort.sim.gcs.PgState;
import dev.cohort.sim.gcs.PlacementGroupView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A GCS state written by hand, so a test can put it in exactly the (possibly broken) shape it wants
 * and see whether a check notices. Nodes are added to {@link #view}; groups, actors and the queue
 * are plain collections.
 */
final class StubGcs implements GcsView {
  /** A placement group with settable state and bundle nodes. */
  static final class Group implements PlacementGroupView {
    final PlacementGroupSpec spec;
    PgState state = PgState.PENDING;
    final int[] nodes;

    Group(PgId id, int bundles, Resources each) {
      spec = PlacementGroupSpec.uniform(id, bundles, each, PlacementStrategy.PACK);
      nodes = new int[bundles];
      Arrays.fill(nodes, -1);
    }

    @Override
    public PgId id() {
      return spec.id();
    }

    @Override
    public PgState state() {
      return state;
    }

    @Override
    public int nodeOf(int i) {
      return nodes[i];
    }

    @Override
    public int size() {
      return nodes.length;
    }

    @Override
    public PlacementGroupSpec spec() {
      return spec;
    }
  }

  final ClusterState view = new ClusterState();
  final Map<PgId, Group> groups = new LinkedHashMap<>();
  final List<QueuedGroup> queue = new ArrayList<>();
  Group inFlight;
  final Map<Integer, Integer> inFlightPlan = new LinkedHashMap<>();
  final Map<ReplicaId, Integer> actors = new LinkedHashMap<>();
  final Map<ReplicaId, Resources> actorDemands = new LinkedHashMap<>();
  final Map<ReplicaId, Resources> queuedActors = new LinkedHashMap<>();

  /** Adds node {@code id} with {@code cpus} CPUs, all free. */
  StubGcs node(int id, int cpus) {
    view.addNode(id, "n" + id, Resources.of("CPU", cpus));
    return this;
  }

  /** Registers a pending group. */
  Group group(PgId id, int bundles, int cpusEach) {
    Group g = new Group(id, bundles, Resources.of("CPU", cpusEach));
    groups.put(id, g);
    return g;
  }

  /** Places bundle {@code b} of {@code g} on {@code node}, reserving it in the ledger too. */
  void place(Group g, int b, int node) {
    g.nodes[b] = node;
    view.acquire(node, g.spec.bundles().get(b).resources());
  }

  /** Places a plain actor on {@code node}, reserving it in the ledger too. */
  void placeActor(ReplicaId r, int cpus, int node) {
    actors.put(r, node);
    actorDemands.put(r, Resources.of("CPU", cpus));
    view.acquire(node, Resources.of("CPU", cpus));
  }

  @Override
  public ClusterState view() {
    return view;
  }

  @Override
  public List<Group> placementGroups() {
    return List.copyOf(groups.values());
  }

  @Override
  public Optional<Group> placementGroup(PgId id) {
    return Optional.ofNullable(groups.get(id));
  }

  @Override
  public List<QueuedGroup> pendingQueue() {
    return queue;
  }

  @Override
  public Optional<Group> inFlight() {
    return Optional.ofNullable(inFlight);
  }

  @Override
  public Map<Integer, Integer> inFlightPlan() {
    return inFlightPlan;
  }

  @Override
  public Map<ReplicaId, Integer> placedActors() {
    return actors;
  }

  @Override
  public Optional<Resources> actorDemand(ReplicaId r) {
    return Optional.ofNullable(actorDemands.get(r));
  }

  @Override
  public Map<ReplicaId, Resources> queuedActors() {
    return queuedActors;
  }

  @Override
  public int bundleNode(PgId pg, int bundle) {
    Group g = groups.get(pg);
    return g == null ? -1 : g.nodes[bundle];
  }

  @Override
  public int actorNode(ReplicaId replica) {
    return actors.getOrDefault(replica, -1);
  }

  @Override
  public List<Bundle> unplacedBundles(PgId id) {
    Group g = groups.get(id);
    List<Bundle> out = new ArrayList<>();
    if (g != null) {
      for (int b = 0; b < g.nodes.length; b++) {
        if (g.nodes[b] < 0) {
          out.add(g.spec.bundles().get(b));
        }
      }
    }
    return out;
  }
}
