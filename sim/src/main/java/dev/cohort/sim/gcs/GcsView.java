package dev.cohort.sim.gcs;

import dev.cohort.core.placement.Bundle;
import dev.cohort.core.placement.ClusterState;
import dev.cohort.core.port.PgId;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.resources.Resources;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The GCS as checks see it: read-only, and small enough that a test can fake one to show that a
 * check fires on a broken state.
 */
public interface GcsView {
  /** A group in the pending queue with its rank (µs). */
  record QueuedGroup(long rank, PlacementGroupView group) {}

  /** The scheduler's view of the nodes (alive as far as the GCS knows). */
  ClusterState view();

  /** Every registered group. */
  Collection<? extends PlacementGroupView> placementGroups();

  /** A registered group by id. */
  Optional<? extends PlacementGroupView> placementGroup(PgId id);

  /** Pending groups in queue order. */
  List<QueuedGroup> pendingQueue();

  /** The group in two-phase commit, if any. */
  Optional<? extends PlacementGroupView> inFlight();

  /**
   * Bundles of the in-flight group whose resources are acquired but not committed: bundle → node.
   */
  Map<Integer, Integer> inFlightPlan();

  /** Placed plain actors: replica → node id. */
  Map<ReplicaId, Integer> placedActors();

  /** Demand of a placed actor. */
  Optional<Resources> actorDemand(ReplicaId r);

  /** Queued actor requests in FIFO order: replica → demand. */
  Map<ReplicaId, Resources> queuedActors();

  /** Node id of a committed bundle, or −1. */
  int bundleNode(PgId pg, int bundle);

  /** Node id of a placed actor, or −1. */
  int actorNode(ReplicaId replica);

  /** Unplaced bundles of a registered group (none for an unknown group). */
  List<Bundle> unplacedBundles(PgId id);
}
