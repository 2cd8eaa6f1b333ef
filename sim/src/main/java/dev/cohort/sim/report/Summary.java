package dev.cohort.sim.report;

import dev.cohort.core.spec.Durations;
import dev.cohort.sim.run.JobResult;
import dev.cohort.sim.run.MonteCarlo;
import dev.cohort.sim.run.RunResult;
import dev.cohort.sim.run.SourceResult;
import dev.cohort.sim.scenario.ArrivalSpec;
import dev.cohort.sim.scenario.ScenarioJob;
import dev.cohort.sim.workload.TimeUse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers a planner reads: per declared job and per arrivals entry, outcome counts and
 * statistics of completion time, wait, restarts and ETTR across all replications, and where the
 * time went; interruptions per run by cause; the cluster's utilization and the engine's throughput.
 */
public record Summary(
    MonteCarlo.Study study,
    List<JobAggregate> jobs,
    double utilization,
    long deadlockRuns,
    Map<String, Stats> interruptionsByCause,
    FleetSummary fleet) {

  /** Aggregates a study. */
  public static Summary of(MonteCarlo.Study study) {
    int runs = study.runs().size();
    double util = 0;
    long deadlockRuns = 0;
    for (RunResult r : study.runs()) {
      util += r.utilization();
      if (!r.deadlocks().isEmpty()) {
        deadlockRuns++;
      }
    }
    Map<String, Tally> declared = new LinkedHashMap<>();
    for (ScenarioJob j : study.scenario().jobs()) {
      declared.put(j.spec().name(), new Tally());
    }
    for (RunResult r : study.runs()) {
      for (JobResult j : r.jobs()) {
        Tally t = j.source().isEmpty() ? declared.get(j.name()) : null;
        if (t != null) {
          t.add(j);
        }
      }
    }
    List<JobAggregate> out = new ArrayList<>();
    for (Map.Entry<String, Tally> e : declared.entrySet()) {
      Tally t = e.getValue();
      // A run the job never reached (submitted after the horizon) counts it as unfinished.
      t.unfinished += runs - t.seen;
      out.add(t.aggregate(e.getKey(), false));
    }
    for (ArrivalSpec a : study.scenario().arrivals()) {
      out.add(generated(a.name(), study.runs()));
    }
    return new Summary(
        study,
        out,
        util / runs,
        deadlockRuns,
        interruptions(study.runs()),
        FleetSummary.of(study.runs()));
  }

  /** Per cause, the statistics of the per-run counts (declaration order). */
  private static Map<String, Stats> interruptions(List<RunResult> runs) {
    Map<String, DoubleList> counts = new LinkedHashMap<>();
    for (RunResult r : runs) {
      for (Map.Entry<String, Long> e : r.interruptionsByCause().entrySet()) {
        counts.computeIfAbsent(e.getKey(), k -> new DoubleList()).add(e.getValue());
      }
    }
    Map<String, Stats> out = new LinkedHashMap<>();
    counts.forEach((k, v) -> out.put(k, Stats.of(v.toArray())));
    return java.util.Collections.unmodifiableMap(out);
  }

  /** One declared job's outcomes over the runs. */
  private static final class Tally {
    int ok;
    int failed;
    int cancelled;
    int unfinished;
    int seen;
    final DoubleList jct = new DoubleList();
    final DoubleList wait = new DoubleList();
    final DoubleList restarts = new DoubleList();
    final DoubleList ettr = new DoubleList();
    final DoubleList availability = new DoubleList();
    TimeUse time = TimeUse.NONE;

    void add(JobResult j) {
      seen++;
      switch (j.status()) {
        case "SUCCEEDED" -> ok++;
        case "FAILED" -> failed++;
        case "CANCELLED" -> cancelled++;
        default -> unfinished++;
      }
      j.finishedAt().ifPresent(f -> jct.add(Durations.seconds(f - j.submittedAt())));
      j.startedAt().ifPresent(t -> wait.add(Durations.seconds(t - j.submittedAt())));
      restarts.add(j.restarts());
      if (j.time().wall() > 0) {
        ettr.add(j.time().ettr());
      }
      if (!Double.isNaN(j.availability())) {
        availability.add(j.availability());
      }
      time = time.plus(j.time());
    }

    JobAggregate aggregate(String name, boolean generated) {
      return new JobAggregate(
          name,
          generated,
          ok,
          failed,
          cancelled,
          unfinished,
          Stats.of(jct.toArray()),
          Stats.of(wait.toArray()),
          Stats.of(restarts.toArray()),
          Stats.of(ettr.toArray()),
          Stats.of(availability.toArray()),
          time);
    }
  }

  /** One arrivals entry's jobs over all runs. */
  private static JobAggregate generated(String name, List<RunResult> runs) {
    int ok = 0;
    int failed = 0;
    int cancelled = 0;
    int unfinished = 0;
    DoubleList jct = new DoubleList();
    DoubleList wait = new DoubleList();
    DoubleList restarts = new DoubleList();
    DoubleList ettr = new DoubleList();
    TimeUse time = TimeUse.NONE;
    for (RunResult r : runs) {
      for (SourceResult s : r.sources()) {
        if (!s.name().equals(name)) {
          continue;
        }
        ok += s.succeeded();
        failed += s.failed();
        cancelled += s.cancelled();
        unfinished += s.unfinished();
        for (long v : s.jct()) {
          jct.add(Durations.seconds(v));
        }
        for (long v : s.waits()) {
          wait.add(Durations.seconds(v));
        }
        for (int v : s.restarts()) {
          restarts.add(v);
        }
        for (double v : s.ettr()) {
          ettr.add(v);
        }
        time = time.plus(s.time());
      }
    }
    return new JobAggregate(
        name,
        true,
        ok,
        failed,
        cancelled,
        unfinished,
        Stats.of(jct.toArray()),
        Stats.of(wait.toArray()),
        Stats.of(restarts.toArray()),
        Stats.of(ettr.toArray()),
        Stats.of(new double[0]), // generated jobs are aggregated without per-job availability
        time);
  }

  /** A growable list of doubles. */
  private static final class DoubleList {
    private double[] values = new double[16];
    private int size;

    void add(double v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    double[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }

  /** Events per wall-clock second over the whole study. */
  public double eventsPerSecond() {
    return study.wallSeconds() > 0 ? study.events() / study.wallSeconds() : 0;
  }
}
