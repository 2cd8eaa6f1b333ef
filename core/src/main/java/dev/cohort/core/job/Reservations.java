package dev.cohort.core.job;

import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.Command;
import dev.cohort.core.port.NodeRef;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.port.Slot;
import java.util.List;

/**
 * How a job holds the slots its replicas run in: placement groups ({@link GroupReservations}) or
 * plain actor leases ({@link ActorReservations}). The controller decides who runs; a reservation
 * strategy decides what to ask the cluster for, keeps where each slot is, and tells the controller
 * when a slot appears or is lost.
 */
interface Reservations {

  /** What a reservation strategy may ask of its controller. */
  interface Replicas {
    ReplicaId id(int i);

    ReplicaState state(int i);

    /** True once the job reached a terminal state. */
    boolean ended();

    /** Replica {@code i}'s slot was placed or cleared: whether it may launch changed. */
    void slotChanged(int i);

    /** Replica {@code i}'s slot was lost with what ran in it (fails it if it was RUNNING). */
    void slotLost(long at, int i, String cause, List<Command> out);

    /** The cluster will never give this job its slots. */
    void refused(long at, String why, List<Command> out);
  }

  /** The requests made at submission. */
  void reserve(List<Command> out);

  /** Whether the job's first launch may happen (enough slots are held the right way). */
  boolean readyForFirstLaunch();

  /** The slot replica {@code i} always uses. */
  Slot slotOf(int i);

  /** Node of replica {@code i}'s slot, or null while it is not placed. */
  NodeRef nodeOf(int i);

  /** The job is terminating: release slots of replicas that will never run again. */
  void releaseUnneeded(List<Command> out);

  /** The job ended: release everything. */
  void releaseAll(List<Command> out);

  void onPlaced(ClusterEvent.PlacementGroupPlaced e, List<Command> out);

  void onRescheduling(ClusterEvent.PlacementGroupRescheduling e, List<Command> out);

  void onRefused(ClusterEvent.PlacementGroupRefused e, List<Command> out);

  void onActorPlaced(ClusterEvent.ActorPlaced e, List<Command> out);

  void onActorLost(ClusterEvent.ActorLost e, List<Command> out);
}
