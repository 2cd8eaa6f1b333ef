package dev.cohort.core.port;

import java.util.List;

/**
 * Faults a backend can inject for real, to exercise recovery: a replica's process dies as it would
 * in a crash (its whole process tree, at once), its slot stays reserved, and the controller hears
 * {@link ClusterEvent.ReplicaLost}. Optional: backends that can do it implement it; `cohort run
 * --kill` and `--chaos-mtbf` work with any of them.
 */
public interface FaultInjection {
  /**
   * Kills the current attempt of replica {@code replica}; false when it has no live process. Called
   * on the runtime loop's thread.
   */
  boolean killReplica(int replica);

  /** Indices of replicas with a live process now, ascending. Runtime loop's thread only. */
  List<Integer> runningReplicas();
}
