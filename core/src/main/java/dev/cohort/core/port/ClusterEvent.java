package dev.cohort.core.port;

import java.util.List;
import java.util.Map;

/**
 * What a backend reports to a job controller. Every event carries its time {@code at} in
 * microseconds (virtual in the simulator, since-start in real runs) and the job it concerns.
 */
public sealed interface ClusterEvent {

  /** Time of the event, µs. */
  long at();

  /** The job this event is for. */
  String job();

  /** Some bundles of a placement group were committed on nodes (bundle index → node). */
  record PlacementGroupPlaced(long at, PgId pg, Map<Integer, NodeRef> bundles)
      implements ClusterEvent {
    public PlacementGroupPlaced {
      bundles = Map.copyOf(bundles);
    }

    @Override
    public String job() {
      return pg.job();
    }
  }

  /** A node holding these bundles died; the group is RESCHEDULING them. */
  record PlacementGroupRescheduling(long at, PgId pg, List<Integer> lostBundles)
      implements ClusterEvent {
    public PlacementGroupRescheduling {
      lostBundles = List.copyOf(lostBundles);
    }

    @Override
    public String job() {
      return pg.job();
    }
  }

  /** A plain actor got its lease on a node. */
  record ActorPlaced(long at, ReplicaId replica, int lease, NodeRef node) implements ClusterEvent {
    @Override
    public String job() {
      return replica.job();
    }
  }

  /** A plain actor died with its node (whether or not a process ran in it). */
  record ActorLost(long at, ReplicaId replica, int lease, String cause) implements ClusterEvent {
    @Override
    public String job() {
      return replica.job();
    }
  }

  /** The replica's process is running. */
  record ReplicaStarted(long at, ReplicaId replica, int attempt, NodeRef node)
      implements ClusterEvent {
    @Override
    public String job() {
      return replica.job();
    }
  }

  /** The replica's process exited by itself with this code. */
  record ReplicaExited(long at, ReplicaId replica, int attempt, int exitCode)
      implements ClusterEvent {
    @Override
    public String job() {
      return replica.job();
    }
  }

  /** The replica's process is gone without an exit code of its own (node death, actor killed). */
  record ReplicaLost(long at, ReplicaId replica, int attempt, String cause)
      implements ClusterEvent {
    @Override
    public String job() {
      return replica.job();
    }
  }

  /** A timer set by the controller is due. */
  record TimerFired(long at, String job, TimerKind kind, long token) implements ClusterEvent {}

  /** The user asked to cancel the job. */
  record CancelRequested(long at, String job) implements ClusterEvent {}
}
