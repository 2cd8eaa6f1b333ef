package dev.cohort.sim.run;

import dev.cohort.core.spec.Durations;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.sim.engine.Engine;
import dev.cohort.sim.engine.EventPriority;
import dev.cohort.sim.engine.SeedStreams;
import dev.cohort.sim.engine.SimEvent;
import dev.cohort.sim.engine.Trace;
import dev.cohort.sim.scenario.ArrivalSpec;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioJob;
import dev.cohort.sim.trace.JobTrace;
import java.util.function.Consumer;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.ExponentialDistribution;

/**
 * Submits jobs: declared ones at their {@code submitAt}, generated ones as their arrivals process
 * says (stream {@code arrivals/<name>}) or their trace recorded. An arrivals stream keeps one
 * submission in the queue at a time: each schedules the next, with a sequence number reserved at
 * the start, so the order is the same as if all had been scheduled at once. Arrivals after the
 * horizon are not generated.
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

  /** Schedules every declared job and the first job of every arrivals stream. */
  void start() {
    for (ScenarioJob j : scenario.jobs()) {
      JobRun run = new JobRun(j.spec(), "", j.submitAt(), order++);
      jobs.expect();
      engine.schedule(j.submitAt(), EventPriority.SUBMIT, new Submit(run, null));
    }
    for (ArrivalSpec a : scenario.arrivals()) {
      new Stream(a).next();
    }
  }

  /** One arrivals entry's jobs, generated one at a time. */
  private final class Stream {
    final ArrivalSpec spec;
    final UniformRandomProvider rng;
    final JobTrace trace;
    final JobTrace.ResourceCache resources = new JobTrace.ResourceCache();
    final long firstSeq;
    final int firstOrder;
    int k;
    long t;

    Stream(ArrivalSpec spec) {
      this.spec = spec;
      this.rng = streams.stream("arrivals/" + spec.name());
      this.trace = spec.trace().orElse(null);
      this.firstSeq = engine.reserve(spec.count());
      this.firstOrder = order;
      order += spec.count();
      this.t = spec.startAt();
    }

    /** Schedules job k, if it arrives before the horizon. */
    void next() {
      if (k >= spec.count()) {
        return;
      }
      if (trace != null) {
        t = Durations.plus(spec.startAt(), trace.submitAt(k));
      } else if (k > 0 || spec.process() == ArrivalSpec.Process.POISSON) {
        if (spec.process() == ArrivalSpec.Process.POISSON) {
          double meanMicros = 3_600_000_000.0 / spec.ratePerHour();
          t +=
              Math.max(
                  0L,
                  Math.round(ExponentialDistribution.of(meanMicros).createSampler(rng).sample()));
        } else {
          t += spec.interval();
        }
      }
      if (t > scenario.horizon()) {
        k = spec.count();
        return;
      }
      JobSpec job =
          trace != null
              ? trace.job(k, spec.template(), spec.jobName(k), resources)
              : spec.template().toBuilder().name(spec.jobName(k)).build();
      JobRun run = new JobRun(job, spec.name(), t, firstOrder + k);
      jobs.expect();
      engine.scheduleReserved(t, EventPriority.SUBMIT, firstSeq + k, new Submit(run, this));
      k++;
    }
  }

  /** A job is submitted. */
  private final class Submit extends SimEvent {
    final JobRun run;
    final Stream stream;

    Submit(JobRun run, Stream stream) {
      this.run = run;
      this.stream = stream;
    }

    @Override
    public void fire() {
      if (stream != null) {
        stream.next();
      }
      submit.accept(run);
    }

    @Override
    public void trace(Trace t) {
      t.kind("submit").field("job", run.name);
    }
  }
}
