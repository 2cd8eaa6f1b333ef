package dev.cohort.core.port;

import dev.cohort.core.placement.PlacementGroupSpec;
import dev.cohort.core.resources.Resources;

/**
 * What a job controller asks for. Commands returned together must be carried out in order;
 * placement-group creations returned together are submitted together. Two kinds: {@link
 * ClusterCommand}s, which a backend carries out on the cluster, and {@link LoopEffect}s, which the
 * loop around the controller keeps (timers, the job's end). {@link #dispatch} hands a command to
 * the one handler method for its kind, so a handler that misses a kind does not compile.
 */
public sealed interface Command permits ClusterCommand, LoopEffect {

  /** Hands this command to {@code cluster} or {@code loop}, whichever handles its kind. */
  void dispatch(ClusterCommand.Handler cluster, LoopEffect.Handler loop);

  /** Create (reserve) a placement group. */
  record CreatePlacementGroup(PlacementGroupSpec spec) implements ClusterCommand {
    @Override
    public void applyTo(Handler h) {
      h.createPlacementGroup(this);
    }
  }

  /** Remove a placement group, freeing its bundles and killing what runs in them. */
  record RemovePlacementGroup(PgId pg) implements ClusterCommand {
    @Override
    public void applyTo(Handler h) {
      h.removePlacementGroup(this);
    }
  }

  /**
   * Create a plain actor (no reservation) for a replica; answered with {@link
   * ClusterEvent.ActorPlaced}. {@code lease} tells leases of the same replica apart.
   */
  record RequestActor(ReplicaId replica, int lease, Resources demand) implements ClusterCommand {
    @Override
    public void applyTo(Handler h) {
      h.requestActor(this);
    }
  }

  /** Kill a plain actor and free its resources. */
  record ReleaseActor(ReplicaId replica, int lease) implements ClusterCommand {
    @Override
    public void applyTo(Handler h) {
      h.releaseActor(this);
    }
  }

  /** Start attempt {@code attempt} of a replica's process in its slot. */
  record StartReplica(ReplicaId replica, int attempt, Slot slot, Launch launch)
      implements ClusterCommand {
    @Override
    public void applyTo(Handler h) {
      h.startReplica(this);
    }
  }

  /** Stop (kill) attempt {@code attempt} of a replica's process; its slot stays reserved. */
  record StopReplica(ReplicaId replica, int attempt) implements ClusterCommand {
    @Override
    public void applyTo(Handler h) {
      h.stopReplica(this);
    }
  }

  /** Deliver {@link ClusterEvent.TimerFired} at time {@code at} (µs) unless the job ended. */
  record SetTimer(String job, TimerKind kind, long token, long at) implements LoopEffect {
    @Override
    public void applyTo(Handler h) {
      h.setTimer(this);
    }
  }

  /** The job reached a terminal state; nothing more will be asked for it. */
  record JobFinished(String job, JobOutcome outcome, String reason) implements LoopEffect {
    @Override
    public void applyTo(Handler h) {
      h.jobFinished(this);
    }
  }
}
