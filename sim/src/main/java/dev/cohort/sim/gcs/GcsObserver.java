package dev.cohort.sim.gcs;

import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.resources.Resources;

/** What the fake GCS tells the rest of the simulation. */
public interface GcsObserver {
  /** A cluster event for a job controller. */
  void emit(ClusterEvent event);

  /** {@code resources} on node {@code nodeId} became held by {@code job} (bundle or actor). */
  default void reserved(long at, int nodeId, String job, Resources resources) {}

  /** {@code resources} on node {@code nodeId} held by {@code job} were freed or lost. */
  default void freed(long at, int nodeId, String job, Resources resources) {}

  /** A placement group was placed after waiting {@code waited} µs in the queue. */
  default void queueWait(long at, String job, long waited) {}
}
