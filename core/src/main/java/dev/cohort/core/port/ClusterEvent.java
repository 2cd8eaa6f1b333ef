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

  /** Hands this event to the handler method for its kind. */
  void applyTo(Handler h);

  /** One method per event kind: a consumer that misses a kind does not compile. */
  interface Handler {
    void placementGroupPlaced(PlacementGroupPlaced e);

    void placementGroupRescheduling(PlacementGroupRescheduling e);

    void placementGroupRefused(PlacementGroupRefused e);

    void actorPlaced(ActorPlaced e);

    void actorLost(ActorLost e);

    void replicaStarted(ReplicaStarted e);

    void replicaExited(ReplicaExited e);

    void replicaLost(ReplicaLost e);

    void launchRefused(LaunchRefused e);

    void timerFired(TimerFired e);

    void cancelRequested(CancelRequested e);
  }

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

    @Override
    public void applyTo(Handler h) {
      h.placementGroupPlaced(this);
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

    @Override
    public void applyTo(Handler h) {
      h.placementGroupRescheduling(this);
    }
  }

  /** A plain actor got its lease on a node. */
  record ActorPlaced(long at, ReplicaId replica, int lease, NodeRef node) implements ClusterEvent {
    @Override
    public String job() {
      return replica.job();
    }

    @Override
    public void applyTo(Handler h) {
      h.actorPlaced(this);
    }
  }

  /** A plain actor died with its node (whether or not a process ran in it). */
  record ActorLost(long at, ReplicaId replica, int lease, String cause) implements ClusterEvent {
    @Override
    public String job() {
      return replica.job();
    }

    @Override
    public void applyTo(Handler h) {
      h.actorLost(this);
    }
  }

  /** The replica's process is running. */
  record ReplicaStarted(long at, ReplicaId replica, int attempt, NodeRef node)
      implements ClusterEvent {
    @Override
    public String job() {
      return replica.job();
    }

    @Override
    public void applyTo(Handler h) {
      h.replicaStarted(this);
    }
  }

  /** The replica's process exited by itself with this code. */
  record ReplicaExited(long at, ReplicaId replica, int attempt, int exitCode)
      implements ClusterEvent {
    @Override
    public String job() {
      return replica.job();
    }

    @Override
    public void applyTo(Handler h) {
      h.replicaExited(this);
    }
  }

  /** The replica's process is gone without an exit code of its own (node death, actor killed). */
  record ReplicaLost(long at, ReplicaId replica, int attempt, String cause)
      implements ClusterEvent {
    @Override
    public String job() {
      return replica.job();
    }

    @Override
    public void applyTo(Handler h) {
      h.replicaLost(this);
    }
  }

  /**
   * The backend could not start the replica's process at all: its program is missing, a directory
   * or not executable, or the host could not set up its log. This is an error in the job's
   * environment, not a failure of the replica: retrying cannot help, so the job fails at once
   * without drawing on its restart budget. {@code reason} names the path and what is wrong with it.
   */
  record LaunchRefused(long at, ReplicaId replica, int attempt, String reason)
      implements ClusterEvent {
    @Override
    public String job() {
      return replica.job();
    }

    @Override
    public void applyTo(Handler h) {
      h.launchRefused(this);
    }
  }

  /**
   * The cluster refused to create a placement group at all (an invalid request, not a lack of
   * capacity, which leaves a group pending): the job cannot run as specified.
   */
  record PlacementGroupRefused(long at, PgId pg, String reason) implements ClusterEvent {
    @Override
    public String job() {
      return pg.job();
    }

    @Override
    public void applyTo(Handler h) {
      h.placementGroupRefused(this);
    }
  }

  /** A timer set by the controller is due. */
  record TimerFired(long at, String job, TimerKind kind, long token) implements ClusterEvent {
    @Override
    public void applyTo(Handler h) {
      h.timerFired(this);
    }
  }

  /** The user asked to cancel the job. */
  record CancelRequested(long at, String job) implements ClusterEvent {
    @Override
    public void applyTo(Handler h) {
      h.cancelRequested(this);
    }
  }
}
