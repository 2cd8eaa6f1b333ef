package dev.cohort.sim.cluster;

/**
 * Hears what happens to nodes, in causal order: the GCS, the process table, meters and recorders
 * react here. Each call comes after the cluster itself changed and before anything the change
 * schedules (detection, repair, the next failure).
 */
public interface NodeListener {
  /** {@code n} registered at {@code at} (a new node, or a repaired one under its old name). */
  void joined(SimNode n, long at);

  /**
   * {@code n} crashed at {@code at} in {@code incident}: its processes stop now; the GCS does not
   * know yet.
   */
  void crashed(SimNode n, long at, Incident incident);

  /** Health checks declared {@code n} dead at {@code at}: what it held is lost. */
  void declaredDead(SimNode n, long at);
}
