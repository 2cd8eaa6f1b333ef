package dev.cohort.driver.cli;

import dev.cohort.core.job.JobState;
import dev.cohort.core.job.ReplicaState;
import dev.cohort.core.job.TransitionObserver;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.driver.jobs.JobRecord;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** The first record of a run, and an observer that tells two others. */
final class JobRecords {
  private JobRecords() {}

  static JobRecord initial(String id, JobSpec job, String backend, Path logs, Path journal) {
    Map<Integer, String> replicas = new TreeMap<>();
    for (int i = 0; i < job.replicas().max(); i++) {
      replicas.put(i, ReplicaState.SCHEDULING.name());
    }
    ProcessHandle me = ProcessHandle.current();
    long now = System.currentTimeMillis();
    return new JobRecord(
        id,
        job.name(),
        JobState.PENDING.name(),
        "",
        backend,
        me.pid(),
        me.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(now),
        now,
        now,
        logs.toString(),
        journal.toString(),
        replicas,
        0);
  }

  /** The journaled options with the job's id, so a resumed driver keeps the same record. */
  static Map<String, String> withJobId(Map<String, String> journaled, String id) {
    Map<String, String> m = new TreeMap<>(journaled);
    m.put("jobId", id);
    return m;
  }

  /**
   * The record a resuming driver starts from: the last one written (or a fresh one), now naming
   * this driver and the state the replayed controller is in.
   */
  static JobRecord resumed(
      String id, JobSpec job, String state, String backend, Path logs, Path journal) {
    JobRecord fresh = initial(id, job, backend, logs, journal);
    return dev.cohort.driver.jobs.JobHome.find(id)
        .map(
            old ->
                new JobRecord(
                    id,
                    old.name(),
                    state,
                    old.reason(),
                    old.backend(),
                    fresh.driverPid(),
                    fresh.driverStartMillis(),
                    old.startedAtMillis(),
                    fresh.updatedAtMillis(),
                    old.logDir(),
                    old.journal(),
                    old.replicas(),
                    old.restarts()))
        .orElse(fresh);
  }

  static TransitionObserver both(TransitionObserver a, TransitionObserver b) {
    return new TransitionObserver() {
      @Override
      public void replica(long at, ReplicaId r, ReplicaState from, ReplicaState to, String why) {
        a.replica(at, r, from, to, why);
        b.replica(at, r, from, to, why);
      }

      @Override
      public void job(long at, String job, JobState from, JobState to, String why) {
        a.job(at, job, from, to, why);
        b.job(at, job, from, to, why);
      }

      @Override
      public boolean detailed() {
        return a.detailed() || b.detailed();
      }
    };
  }
}
