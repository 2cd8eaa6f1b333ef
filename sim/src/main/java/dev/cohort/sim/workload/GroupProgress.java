package dev.cohort.sim.workload;

import dev.cohort.core.spec.Durations;
import dev.cohort.core.spec.WorkSpec;

/**
 * Progress of a checkpointing job (DESIGN §5 work semantics). Progress accrues at the number of
 * running replicas; every {@code checkpointEvery} of computing time the group pauses {@code
 * checkpointCost}; any membership change (loss or join) rolls progress back to the last completed
 * checkpoint and resumes {@code restartCost} later if at least min replicas run. The first start of
 * the job pays no restart cost. A planned restart (maintenance) keeps the members: optionally a
 * checkpoint first, then downtime plus the restart cost.
 *
 * <p>The model is a pure calculator: the simulator tells it the member count at each change and
 * asks when its next step is due. It books the time of each phase in a {@link TimeLedger}.
 * Arithmetic saturates, so work and times up to {@link Durations#MAX_MICROS} are safe.
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
  private final TimeLedger ledger;
  private Phase phase = Phase.IDLE;
  private long progress;
  private long checkpointed;
  private long pendingCheckpoint;
  private int members;
  private long since;
  private long until;
  private long computedInSegment;
  private boolean everStarted;
  private long firstStart = -1;
  private long rollbacks;

  /** After the checkpoint being written: restart for this long (a planned restart), or −1. */
  private long restartAfterCheckpoint = -1;

  public GroupProgress(WorkSpec.Checkpointed work, int min, TimeLedger ledger) {
    this.work = work;
    this.min = min;
    this.ledger = ledger;
  }

  /** A calculator without a ledger of its own (tests, closed-form checks). */
  public GroupProgress(WorkSpec.Checkpointed work, int min) {
    this(work, min, new TimeLedger(0));
  }

  /** The member count changed at {@code now} (a replica started, was lost or was stopped). */
  public void membersChanged(long now, int count) {
    if (phase == Phase.DONE) {
      return;
    }
    accrue(now);
    rollBack(now);
    restartAfterCheckpoint = -1;
    members = count;
    if (count >= min) {
      // The first launch pays nothing, even when its replicas come up one event at a time.
      long cost = everStarted && now > firstStart ? work.restartCost() : 0;
      if (!everStarted) {
        everStarted = true;
        firstStart = now;
      }
      restart(now, cost);
    } else {
      phase = Phase.IDLE;
      ledger.enter(now, TimeLedger.Use.WAITING);
    }
  }

  /**
   * A planned restart at {@code now} without losing members: with {@code checkpointFirst} the group
   * writes a checkpoint (unless nothing is unsaved) and then restarts; otherwise it rolls back to
   * the last checkpoint at once. The restart takes {@code downtime} plus the restart cost.
   *
   * @return true when the group was running (and so was interrupted)
   */
  public boolean plannedRestart(long now, long downtime, boolean checkpointFirst) {
    if (phase == Phase.IDLE || phase == Phase.DONE) {
      return false;
    }
    accrue(now);
    long pause = Durations.plus(downtime, work.restartCost());
    if (checkpointFirst && phase == Phase.CHECKPOINTING) {
      restartAfterCheckpoint = pause; // the write under way saves the progress
    } else if (checkpointFirst && phase == Phase.COMPUTING && progress > checkpointed) {
      beginCheckpoint(now);
      restartAfterCheckpoint = pause;
    } else {
      rollBack(now);
      restartAfterCheckpoint = -1;
      restart(now, pause);
    }
    return true;
  }

  private void rollBack(long now) {
    if (everStarted && progress != checkpointed) {
      rollbacks++;
    }
    progress = checkpointed;
    ledger.rolledBack(now);
  }

  private void restart(long now, long cost) {
    phase = Phase.RESTARTING;
    until = Durations.plus(now, cost);
    ledger.enter(now, TimeLedger.Use.RESTARTING);
  }

  private void beginCheckpoint(long now) {
    pendingCheckpoint = progress;
    phase = Phase.CHECKPOINTING;
    until = Durations.plus(now, work.checkpointCost());
    ledger.checkpointStarted(now);
  }

  private void accrue(long now) {
    if (phase == Phase.COMPUTING) {
      long gained = Durations.times(now - since, members);
      progress = work.total() - progress <= gained ? work.total() : progress + gained;
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
        long segmentEnd = Durations.plus(since, work.checkpointEvery() - computedInSegment);
        yield Math.min(Durations.plus(since, toFinish), segmentEnd);
      }
    };
  }

  /** Advances to the step due at {@code now}; returns true when the work is complete. */
  public boolean step(long now) {
    switch (phase) {
      case RESTARTING -> compute(now);
      case CHECKPOINTING -> {
        checkpointed = pendingCheckpoint;
        ledger.checkpointWritten(now);
        if (restartAfterCheckpoint >= 0) {
          long pause = restartAfterCheckpoint;
          restartAfterCheckpoint = -1;
          restart(now, pause);
        } else {
          compute(now);
        }
      }
      case COMPUTING -> {
        long elapsed = now - since;
        accrue(now);
        computedInSegment += elapsed;
        if (progress >= work.total()) {
          phase = Phase.DONE;
          ledger.completed(now);
          return true;
        }
        if (computedInSegment >= work.checkpointEvery()) {
          beginCheckpoint(now);
        }
      }
      default -> throw new IllegalStateException("no step due in phase " + phase);
    }
    return false;
  }

  private void compute(long now) {
    phase = Phase.COMPUTING;
    since = now;
    computedInSegment = 0;
    ledger.enter(now, TimeLedger.Use.COMPUTING);
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
    return a / b + (a % b == 0 ? 0 : 1);
  }
}
