package dev.cohort.sim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.core.spec.WorkSpec;
import org.junit.jupiter.api.Test;

class GroupProgressTest {
  static final long H = 3_600_000_000L;
  static final long M = 60_000_000L;

  /** Steps until done or {@code until}; returns the finish time or −1. */
  static long runUntil(GroupProgress g, long until) {
    while (true) {
      long t = g.nextStepAt();
      if (t < 0 || t > until) {
        return -1;
      }
      if (g.step(t)) {
        return t;
      }
    }
  }

  @Test
  void withoutFailuresTheJobTakesWorkPlusCheckpoints() {
    GroupProgress g = new GroupProgress(new WorkSpec.Checkpointed(10 * H, H, M, 2 * M), 1);
    g.membersChanged(0, 1);
    assertEquals(10 * H + 9 * M, runUntil(g, Long.MAX_VALUE), "nine checkpoints before the end");
  }

  @Test
  void progressScalesWithRunningReplicas() {
    GroupProgress g = new GroupProgress(new WorkSpec.Checkpointed(8 * H, 100 * H, 0, 0), 2);
    g.membersChanged(0, 4);
    assertEquals(2 * H, runUntil(g, Long.MAX_VALUE));
  }

  @Test
  void aLossRollsBackToTheLastCheckpointAndPaysTheRestartCost() {
    GroupProgress g = new GroupProgress(new WorkSpec.Checkpointed(10 * H, H, M, 2 * M), 1);
    g.membersChanged(0, 1);
    assertEquals(-1, runUntil(g, 5 * H + 30 * M));
    g.membersChanged(5 * H + 30 * M, 0); // lost: checkpoints at 1h1m … 5h5m hold 5h of work
    assertEquals(5 * H, g.checkpointed());
    assertEquals(GroupProgress.Phase.IDLE, g.phase());
    g.membersChanged(6 * H, 1); // back: restart 2m, then 5h of work and 4 more checkpoints
    assertEquals(6 * H + 2 * M + 5 * H + 4 * M, runUntil(g, Long.MAX_VALUE));
    assertEquals(1, g.rollbacks());
  }

  @Test
  void aFailureDuringACheckpointLosesThatCheckpoint() {
    GroupProgress g = new GroupProgress(new WorkSpec.Checkpointed(10 * H, H, 10 * M, 0), 1);
    g.membersChanged(0, 1);
    runUntil(g, H + 5 * M); // in the middle of writing the first checkpoint
    assertEquals(GroupProgress.Phase.CHECKPOINTING, g.phase());
    g.membersChanged(H + 5 * M, 0);
    assertEquals(0, g.checkpointed());
  }

  @Test
  void aScaleUpIsARendezvousToo() {
    GroupProgress g = new GroupProgress(new WorkSpec.Checkpointed(10 * H, H, 0, M), 1);
    g.membersChanged(0, 1);
    g.membersChanged(0, 2); // same instant as the first start: no restart cost
    assertEquals(GroupProgress.Phase.RESTARTING, g.phase());
    assertEquals(0, g.nextStepAt());
    runUntil(g, 30 * M);
    g.membersChanged(30 * M, 3);
    assertEquals(30 * M + M, g.nextStepAt(), "re-rendezvous pays the restart cost");
    assertTrue(g.rollbacks() == 1);
  }

  @Test
  void progressAtThousandsOfReplicasOverCenturiesSaturatesAtTheTotal() {
    long total = dev.cohort.core.spec.Durations.MAX_MICROS;
    GroupProgress g = new GroupProgress(new WorkSpec.Checkpointed(total, total, 0, 0), 2048);
    g.membersChanged(0, 2048);
    g.step(0); // restart done: computing
    long finish = g.nextStepAt();
    assertEquals((total + 2047) / 2048, finish, "ceil(total / 2048) of wall time");
    assertTrue(g.step(finish));
    assertEquals(total, g.progress());
  }

  @Test
  void aPlannedRestartWithACheckpointFirstLosesNothing() {
    TimeLedger ledger = new TimeLedger(0);
    GroupProgress g = new GroupProgress(new WorkSpec.Checkpointed(10 * H, H, M, 2 * M), 1, ledger);
    g.membersChanged(0, 1);
    runUntil(g, 30 * M);
    assertTrue(g.plannedRestart(30 * M, 10 * M, true));
    assertEquals(GroupProgress.Phase.CHECKPOINTING, g.phase());
    assertEquals(31 * M, g.nextStepAt(), "a 1m write first");
    g.step(31 * M);
    assertEquals(30 * M, g.checkpointed());
    assertEquals(GroupProgress.Phase.RESTARTING, g.phase());
    assertEquals(31 * M + 12 * M, g.nextStepAt(), "then 10m down and the 2m restart cost");
    long end = runUntil(g, Long.MAX_VALUE);
    TimeUse t = ledger.finish(end, true);
    assertEquals(10 * H, t.productive());
    assertEquals(0, t.recomputed());
    assertEquals(12 * M, t.restart());
    assertEquals(0, g.rollbacks());
  }

  @Test
  void aPlannedRestartWithoutACheckpointRollsBack() {
    GroupProgress g = new GroupProgress(new WorkSpec.Checkpointed(10 * H, H, M, 2 * M), 1);
    g.membersChanged(0, 1);
    runUntil(g, 90 * M);
    assertTrue(g.plannedRestart(90 * M, 0, false));
    assertEquals(H, g.progress(), "back to the checkpoint of the first hour");
    assertEquals(1, g.rollbacks());
    assertEquals(92 * M, g.nextStepAt());
  }
}
