package dev.cohort.core.port;

import dev.cohort.core.placement.PlacementGroupSpec;
import dev.cohort.core.resources.Resources;

/**
 * What a job controller asks its backend to do. Commands returned together must be carried out in
 * order; placement-group creations returned together are submitted together.
 */
public sealed interface Command {

  /** Create (reserve) a placement group. */
  record CreatePlacementGroup(PlacementGroupSpec spec) implements Command {}

  /** Remove a placement group, freeing its bundles and killing what runs in them. */
  record RemovePlacementGroup(PgId pg) implements Command {}

  /**
   * Create a plain actor (no reservation) for a replica; answered with {@link
   * ClusterEvent.ActorPlaced}. {@code lease} tells leases of the same replica apart.
   */
  record RequestActor(ReplicaId replica, int lease, Resources demand) implements Command {}

  /** Kill a plain actor and free its resources. */
  record ReleaseActor(ReplicaId replica, int lease) implements Command {}

  /** Start attempt {@code attempt} of a replica's process in its slot. */
  record StartReplica(ReplicaId replica, int attempt, Slot slot, Launch launch)
      implements Command {}

  /** Stop (kill) attempt {@code attempt} of a replica's process; its slot stays reserved. */
  record StopReplica(ReplicaId replica, int attempt) implements Command {}

  /** Deliver {@link ClusterEvent.TimerFired} at time {@code at} (µs) unless the job ended. */
  record SetTimer(String job, TimerKind kind, long token, long at) implements Command {}

  /** The job reached a terminal state; nothing more will be asked for it. */
  record JobFinished(String job, JobOutcome outcome, String reason) implements Command {}
}
