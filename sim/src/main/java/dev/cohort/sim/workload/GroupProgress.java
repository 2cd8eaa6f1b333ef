package dev.cohort.sim.workload;

import dev.cohort.core.spec.WorkSpec;

/**
 * Progress of a checkpointing job (DESIGN §5 work semantics). Progress accrues at the number of
 * running replicas; every {@code checkpointEvery} of computing time the group pauses {@code
 * checkpointCost}; any membership change (loss or join) rolls progress back to the last completed
 * checkpoint and resumes {@code restartCost} later if at least min replicas run. The first start of
 * the job pays no restart cost.
 *
 * <p>The model is a pure calculator: the simulator tells it the member count at each change and
 * asks when its next step is due.
 */
public final class GroupProgress {

  /** What the group is doing. */
  public enum Phase {
    /** Fewer than min replicas: no progress. */
    IDLE,
    /** Reloading after a (re)start; computing resumes at {@code until}. */
    RESTARTING,
    /** Computing since {@code since} at {@code rate}. */
    COMPUTING,
    /** Writing a checkpoint until {@code until}. */
    CHECKPOINTING,
    /** The work is done. */
    DONE
  }

  private final WorkSpec.Checkpointed work;
  private final int min;
  private Phase phase = Phase.IDLE;
  private long progress;
  private long checkpointed;
  private long pendingCheckpoint;
  private int members;
  private long since;
  private long until;
  private boolean everStarted;
  private long firstStart = -1;
  private long rollbacks;

  public GroupProgress(WorkSpec.Checkpointed work, int min) {
    this.work = work;
    this.min = min;
  }

  /** The member count changed at {@code now} (a replica started, was lost or was stopped). */
  public void membersChanged(long now, int count) {
    if (phase == Phase.DONE) {
      return;
    }
    accrue(now);
    if (everStarted && progress != checkpointed) {
      rollbacks++;
    }
    progress = checkpointed;
    members = count;
    if (count >= min) {
      // The first launch pays nothing, even when its replicas come up one event at a time.
      long cost = everStarted && now > firstStart ? work.restartCost() : 0;
      if (!everStarted) {
        everStarted = true;
        firstStart = now;
      }
      phase = Phase.RESTARTING;
      until = now + cost;
    } else {
      phase = Phase.IDLE;
    }
  }

  private void accrue(long now) {
    if (phase == Phase.COMPUTING) {
      progress = Math.min(work.total(), progress + (now - since) * (long) members);
      since = now;
    }
  }

  /** When the next step is due, or −1 when nothing will happen without a membership change. */
  public long nextStepAt() {
    return switch (phase) {
      case IDLE, DONE -> -1;
      case RESTARTING, CHECKPOINTING -> until;
      case COMPUTING -> {
        long toFinish = ceilDiv(work.total() - progress, members);
        long segmentEnd = since + work.checkpointEvery() - computedInSegment;
        yield Math.min(since + toFinish, segmentEnd);
      }
    };
  }

  private long computedInSegment;

  /** Advances to the step due at {@code now}; returns true when the work is complete. */
  public boolean step(long now) {
    switch (phase) {
      case RESTARTING -> {
        phase = Phase.COMPUTING;
        since = now;
        computedInSegment = 0;
      }
      case CHECKPOINTING -> {
        checkpointed = pendingCheckpoint;
        phase = Phase.COMPUTING;
        since = now;
        computedInSegment = 0;
      }
      case COMPUTING -> {
        long elapsed = now - since;
        accrue(now);
        computedInSegment += elapsed;
        if (progress >= work.total()) {
          phase = Phase.DONE;
          return true;
        }
        if (computedInSegment >= work.checkpointEvery()) {
          pendingCheckpoint = progress;
          phase = Phase.CHECKPOINTING;
          until = now + work.checkpointCost();
        }
      }
      default -> throw new IllegalStateException("no step due in phase " + phase);
    }
    return false;
  }

  /** Current phase. */
  public Phase phase() {
    return phase;
  }

  /** Progress (µs of single-replica compute) at the last change or step. */
  public long progress() {
    return progress;
  }

  /** Progress saved by the last completed checkpoint. */
  public long checkpointed() {
    return checkpointed;
  }

  /** How many times progress was lost to a rollback. */
  public long rollbacks() {
    return rollbacks;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
