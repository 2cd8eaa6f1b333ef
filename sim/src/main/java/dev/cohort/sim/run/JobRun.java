package dev.cohort.sim.run;

import dev.cohort.core.job.JobController;
import dev.cohort.core.spec.JobSpec;

/**
 * One job the simulation knows: its spec and where it came from, its controller once submitted, and
 * the per-job state of each part (each part owns and alone touches its own field).
 */
final class JobRun {
  final JobSpec spec;
  final String name;

  /** {@code ""} for a declared job, else the name of the arrivals entry that generated it. */
  final String source;

  final long submitAt;

  /** Position among all jobs (declared first, then generated in submission order). */
  final int order;

  JobController controller;

  /** Owned by {@link ProcessTable}. */
  ProcessTable.JobProcesses processes;

  /** Owned by {@link WorkRunner}. */
  WorkRunner.JobWork work;

  /** Owned by {@link Mailbox}. */
  Mailbox.Outbox outbox;

  /** The last incident that interrupted this job (one incident counts once). */
  dev.cohort.sim.cluster.Incident lastIncident;

  /** How many incidents interrupted this job. */
  int interruptions;

  /** Time at full size, kept by the simulation's transition observer. */
  final GangAvailability availability;

  /** The deadlock monitor's record of this job. */
  dev.cohort.sim.check.DeadlockMonitor.Job watched;

  JobRun(JobSpec spec, String source, long submitAt, int order) {
    this.spec = spec;
    this.name = spec.name();
    this.source = source;
    this.submitAt = submitAt;
    this.order = order;
    this.availability = new GangAvailability(spec.replicas().max());
  }
}
