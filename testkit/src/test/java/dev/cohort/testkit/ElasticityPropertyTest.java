package dev.cohort.testkit;

import dev.cohort.core.job.JobState;
import dev.cohort.core.job.ReplicaState;
import dev.cohort.core.job.TransitionObserver;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.sim.run.JobResult;
import dev.cohort.sim.run.RunResult;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.run.Simulation;
import dev.cohort.sim.scenario.ScenarioYaml;
import dev.cohort.testkit.Property.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Property 6: an elastic job starts at min and grows to max when capacity appears; it never runs
 * more than max; once TERMINATING it starts nothing new.
 */
class ElasticityPropertyTest {

  /** Counts running replicas and flags starts after the job began terminating. */
  static final class Watch implements TransitionObserver {
    int running;
    int peak;
    int runningAtStart = -1;
    boolean terminating;
    final List<String> violations = new ArrayList<>();

    @Override
    public void replica(long at, ReplicaId r, ReplicaState from, ReplicaState to, String why) {
      if (to == ReplicaState.RUNNING) {
        running++;
        peak = Math.max(peak, running);
        if (terminating) {
          violations.add(r + " started while the job was terminating");
        }
      } else if (from == ReplicaState.RUNNING) {
        running--;
      }
    }

    @Override
    public void job(long at, String job, JobState from, JobState to, String why) {
      if (to == JobState.RUNNING) {
        runningAtStart = running;
      }
      if (to == JobState.TERMINATING) {
        terminating = true;
      }
    }
  }

  @Test
  void startsAtMinGrowsToMaxNeverBeyondAndNothingStartsWhenTerminating() {
    PropertyCheck.forAll(ScenarioGens.elastic())
        .named("elasticity")
        .tries(300)
        .maxSize(8)
        .shrinkWith(new ScenarioShrinker())
        .rendering(ScenarioYaml::write)
        .check(
            s -> {
              Watch w = new Watch();
              RunResult r = Simulation.run(s, s.seed(), SimOptions.CHECKED.withObserver(w));
              JobResult j = r.job("elastic");
              var spec = s.jobs().get(0).spec();
              int min = spec.replicas().min();
              int max = spec.replicas().max();
              if (!w.violations.isEmpty()) {
                return Verdict.fail(w.violations.get(0));
              }
              if (w.runningAtStart < min || w.runningAtStart > max) {
                return Verdict.fail("started with " + w.runningAtStart + " replicas, min " + min);
              }
              if (w.peak > max) {
                return Verdict.fail("peaked at " + w.peak + " > max " + max);
              }
              return Verdict.check(
                  w.peak == max && j.status().equals("SUCCEEDED"),
                  "peak " + w.peak + " of max " + max + ", " + j.status() + " " + j.reason());
            });
  }
}
