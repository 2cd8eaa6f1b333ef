package dev.cohort.driver.jobs;

import dev.cohort.core.job.JobState;
import dev.cohort.core.job.ReplicaState;
import dev.cohort.core.job.TransitionObserver;
import dev.cohort.core.port.ReplicaId;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps a run's {@code status.json} current: the driver tells it every job and replica transition
 * (on the loop thread); job transitions are written at once, replica ones by {@link #flush} a few
 * times a second. A failed write is reported once and the run goes on: the record is for people,
 * the journal is what resumes.
 */
public final class JobStatusFile implements TransitionObserver {
  private final PrintWriter err;
  private JobRecord record;
  private final Map<Integer, String> replicas = new TreeMap<>();
  private int restarts;
  private boolean warned;
  private boolean dirty;

  public JobStatusFile(JobRecord initial, PrintWriter err) {
    this.record = initial;
    this.err = err;
    replicas.putAll(initial.replicas());
    save();
  }

  @Override
  public void replica(long at, ReplicaId r, ReplicaState from, ReplicaState to, String why) {
    replicas.put(r.index(), to.name());
    if (to == ReplicaState.FAILING) {
      restarts++;
    }
    dirty = true; // written by the next flush: a gang of thousands restarts in one step
  }

  /**
   * Writes replica changes seen since the last write (the driver calls this a few times a second).
   */
  public void flush() {
    if (dirty) {
      record = with(record.state(), record.reason());
      save();
    }
  }

  @Override
  public void job(long at, String job, JobState from, JobState to, String why) {
    record = with(to.name(), to.terminal() ? why : "");
    save();
  }

  /** The run ended with {@code state} outside the controller (a signal, a lost backend). */
  public void ended(String state, String reason) {
    if (!record.ended()) {
      record = with(state, reason);
      save();
    }
  }

  private JobRecord with(String state, String reason) {
    return new JobRecord(
        record.id(),
        record.name(),
        state,
        reason,
        record.backend(),
        record.driverPid(),
        record.driverStartMillis(),
        record.startedAtMillis(),
        System.currentTimeMillis(),
        record.logDir(),
        record.journal(),
        replicas,
        restarts);
  }

  private void save() {
    dirty = false;
    try {
      JobHome.write(record);
    } catch (IOException e) {
      if (!warned) {
        warned = true;
        err.println("[cohort] warning: cannot write the job's state file: " + e.getMessage());
        err.flush();
      }
    }
  }
}
