package dev.cohort.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.core.job.JobState;
import dev.cohort.core.job.ReplicaState;
import dev.cohort.core.job.TransitionObserver;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.sim.scenario.Scenario;
import org.junit.jupiter.api.Test;

class RunControlTest {
  static final Scenario CHURN =
      SimTesting.scenario(
          """
          name: churn
          horizon: 3650d
          cluster:
            nodeGroups: [ { name: n, count: 4, resources: { CPU: 1 } } ]
            randomFailures: { mtbf: 1s, repair: 1s }
          jobs:
            - { name: a, replicas: { min: 2 }, maxRestarts: 1000000, rendezvousTimeout: 1000d,
                work: { total: 100000d, checkpointEvery: 1h } }
          """);

  @Test
  void aStopRequestEndsTheRunEarlyWithTheJobUnfinished() {
    RunControl control = new RunControl();
    TransitionObserver stopAfterRestarts =
        new TransitionObserver() {
          int restarts;

          @Override
          public void replica(long at, ReplicaId r, ReplicaState from, ReplicaState to, String w) {
            if (to == ReplicaState.FAILING && ++restarts == 50) {
              control.requestStop();
            }
          }

          @Override
          public void job(long at, String job, JobState from, JobState to, String why) {}
        };
    RunResult r =
        Simulation.run(
            CHURN, 1, SimOptions.DEFAULT.withObserver(stopAfterRestarts).withControl(control));
    assertTrue(r.stoppedEarly());
    assertTrue(r.endTime() < SimTesting.sec(86_400), "stopped within a day, not at 10 years");
    assertFalse(r.job("a").finished());
    assertEquals(r.endTime(), control.now(), "the control saw the run's last poll");
  }

  @Test
  void watchingWithoutStoppingChangesNothing() {
    Scenario s = SimTesting.scenario(CHURN_SHORT);
    RunResult plain = Simulation.run(s, 5, SimOptions.DEFAULT);
    RunResult watched = Simulation.run(s, 5, SimOptions.DEFAULT.withControl(new RunControl()));
    assertEquals(plain.traceHash(), watched.traceHash());
    assertFalse(watched.stoppedEarly());
  }

  static final String CHURN_SHORT =
      """
      horizon: 2d
      cluster:
        nodeGroups: [ { name: n, count: 4, resources: { CPU: 1 } } ]
        randomFailures: { mtbf: 1m, repair: 10s }
      jobs:
        - { name: a, replicas: { min: 2 }, maxRestarts: 100000,
            work: { total: 1d, checkpointEvery: 1h } }
      """;

  @Test
  void aStoppedStudyKeepsAPrefixOfSeedsAndSaysSo() {
    RunControl control = new RunControl();
    control.requestStop();
    MonteCarlo.Study study =
        MonteCarlo.run(
            SimTesting.scenario(CHURN_SHORT),
            8,
            1,
            2,
            SimOptions.DEFAULT.withControl(control),
            d -> {});
    assertTrue(study.runs().size() < 8);
    assertTrue(study.stoppedEarly());
    for (int i = 0; i < study.runs().size(); i++) {
      assertEquals(1 + i, study.runs().get(i).seed());
    }
  }

  @Test
  void theSharedNoneControlCannotBeStopped() {
    assertThrows(IllegalStateException.class, RunControl.NONE::requestStop);
  }
}
