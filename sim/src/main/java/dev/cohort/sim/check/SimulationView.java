package dev.cohort.sim.check;

import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.port.Slot;
import dev.cohort.sim.gcs.GcsView;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What the checks read of a running simulation, and nothing more: the GCS, the jobs that are
 * submitted and not finished, and the live replica processes. Read-only; a test can build one by
 * hand to show a check firing.
 */
public interface SimulationView {
  /** A live replica process (stalled ones on crashed nodes included). */
  record Process(ReplicaId replica, int node, Slot slot) {}

  /** Virtual now, µs. */
  long now();

  /** The GCS. */
  GcsView gcs();

  /** Submitted jobs that have not finished. */
  Collection<JobView> activeJobs();

  /** An active job by name. */
  Optional<JobView> activeJob(String name);

  /** Live replica processes. */
  List<Process> processes();
}
