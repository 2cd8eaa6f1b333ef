package dev.cohort.sim.workload;

import dev.cohort.core.spec.Durations;

/**
 * Keeps a job's {@link TimeUse} as it runs: the work model tells it what the job is doing at each
 * change; computing time stays <em>uncommitted</em> until a checkpoint write that saves it
 * completes (it becomes productive) or a rollback throws it away (it becomes recomputed). What is
 * still uncommitted when the job ends counts as productive if the job kept it (it succeeded, or is
 * still running at the horizon) and as recomputed if the job failed or was cancelled.
 *
 * <p>Everything is O(1) per call.
 */
public final class TimeLedger {

  /** What the job is doing. Waiting is whatever is not one of the others. */
  public enum Use {
    WAITING,
    RESTARTING,
    COMPUTING,
    CHECKPOINTING
  }

  private final long start;
  private Use use = Use.WAITING;
  private long since;

  /** While RESTARTING: when computing resumes without another call, or −1. */
  private long resumeAt = -1;

  private long restart;
  private long checkpoint;
  private long productive;
  private long recomputed;

  /** Computing since the last checkpoint began (or since the last rollback). */
  private long uncommitted;

  /** Computing that the checkpoint being written will save. */
  private long pending;

  private boolean ended;
  private long end;

  /** A ledger for a job submitted at {@code start}. */
  public TimeLedger(long start) {
    this.start = start;
    this.since = start;
  }

  /** What the job is doing now. */
  public Use use() {
    return use;
  }

  /** From {@code now} the job does {@code u}. */
  public void enter(long now, Use u) {
    close(now);
    use = u;
    resumeAt = -1;
  }

  /** From {@code now} the job restarts, and computes again from {@code until} on by itself. */
  public void restartUntil(long now, long until) {
    close(now);
    use = Use.RESTARTING;
    resumeAt = until;
  }

  /** A checkpoint write begins: the computing so far is what it will save. */
  public void checkpointStarted(long now) {
    close(now);
    pending = Durations.plus(pending, uncommitted);
    uncommitted = 0;
    use = Use.CHECKPOINTING;
    resumeAt = -1;
  }

  /** The checkpoint write completed: what it saved is productive. Call {@link #enter} next. */
  public void checkpointWritten(long now) {
    close(now);
    productive = Durations.plus(productive, pending);
    pending = 0;
  }

  /** The job went back to its last checkpoint: unsaved computing is lost. */
  public void rolledBack(long now) {
    close(now);
    recomputed = Durations.plus(recomputed, Durations.plus(uncommitted, pending));
    uncommitted = 0;
    pending = 0;
  }

  /** The work completed: everything computed is kept. */
  public void completed(long now) {
    close(now);
    productive = Durations.plus(productive, Durations.plus(uncommitted, pending));
    uncommitted = 0;
    pending = 0;
    use = Use.WAITING;
    resumeAt = -1;
  }

  /**
   * The job ended (or the run did) at {@code now}; {@code kept} when unsaved computing survives
   * (success, or still running at the horizon). Later calls change nothing.
   */
  public TimeUse finish(long now, boolean kept) {
    if (!ended) {
      close(now);
      long rest = Durations.plus(uncommitted, pending);
      if (kept) {
        productive = Durations.plus(productive, rest);
      } else {
        recomputed = Durations.plus(recomputed, rest);
      }
      uncommitted = 0;
      pending = 0;
      use = Use.WAITING;
      ended = true;
      end = now;
    }
    long wall = end - start;
    long accounted = productive + restart + recomputed + checkpoint;
    return new TimeUse(productive, Math.max(0, wall - accounted), restart, recomputed, checkpoint);
  }

  /** Books the time since the last change to what the job was doing. */
  private void close(long now) {
    if (ended || now <= since) {
      return;
    }
    if (use == Use.RESTARTING && resumeAt >= 0 && now > resumeAt) {
      restart += Math.max(0, resumeAt - since);
      since = Math.max(since, resumeAt);
      use = Use.COMPUTING;
      resumeAt = -1;
    }
    long d = now - since;
    switch (use) {
      case RESTARTING -> restart += d;
      case CHECKPOINTING -> checkpoint += d;
      case COMPUTING -> uncommitted += d;
      case WAITING -> {}
    }
    since = now;
  }
}
