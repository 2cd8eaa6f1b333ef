package dev.cohort.sim.run;

import dev.cohort.core.spec.JobSpec;
import dev.cohort.sim.engine.Engine;
import dev.cohort.sim.engine.EventPriority;
import dev.cohort.sim.engine.SeedStreams;
import dev.cohort.sim.engine.SimEvent;
import dev.cohort.sim.engine.Trace;
import dev.cohort.sim.scenario.ArrivalSpec;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioJob;
import java.util.function.Consumer;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.ExponentialDistribution;

/**
 * Submits jobs: declared ones at their {@code submitAt}, generated ones as their arrivals process
 * says (stream {@code arrivals/<name>}). Arrivals after the horizon are not generated.
 */
final class Submissions {
  private final Engine engine;
  private final Scenario scenario;
  private final SeedStreams streams;
  private final JobTable jobs;
  private final Consumer<JobRun> submit;
  private int order;

  Submissions(
      Engine engine,
      Scenario scenario,
      SeedStreams streams,
      JobTable jobs,
      Consumer<JobRun> submit) {
    this.engine = engine;
    this.scenario = scenario;
    this.streams = streams;
    this.jobs = jobs;
    this.submit = submit;
  }

  /** Schedules every submission. */
  void start() {
    for (ScenarioJob j : scenario.jobs()) {
      JobRun run = new JobRun(j.spec(), "", j.submitAt(), order++);
      jobs.expect(run, true);
      engine.schedule(j.submitAt(), EventPriority.SUBMIT, new Submit(run));
    }
    for (ArrivalSpec a : scenario.arrivals()) {
      schedule(a);
    }
  }

  private void schedule(ArrivalSpec a) {
    UniformRandomProvider rng = streams.stream("arrivals/" + a.name());
    long t = a.startAt();
    for (int k = 0; k < a.count(); k++) {
      if (k > 0 || a.process() == ArrivalSpec.Process.POISSON) {
        if (a.process() == ArrivalSpec.Process.POISSON) {
          double meanMicros = 3_600_000_000.0 / a.ratePerHour();
          t +=
              Math.max(
                  0L,
                  Math.round(ExponentialDistribution.of(meanMicros).createSampler(rng).sample()));
        } else {
          t += a.interval();
        }
      }
      if (t > scenario.horizon()) {
        break;
      }
      JobSpec spec = a.template().toBuilder().name(a.jobName(k)).build();
      JobRun run = new JobRun(spec, a.name(), t, order++);
      jobs.expect(run, false);
      engine.schedule(t, EventPriority.SUBMIT, new Submit(run));
    }
  }

  /** A job is submitted. */
  private final class Submit extends SimEvent {
    final JobRun run;

    Submit(JobRun run) {
      this.run = run;
    }

    @Override
    public void fire() {
      submit.accept(run);
    }

    @Override
    public void trace(Trace t) {
      t.kind("submit").field("job", run.name);
    }
  }
}
