package dev.cohort.sim.report;

import dev.cohort.core.spec.Durations;
import dev.cohort.sim.run.JobResult;
import dev.cohort.sim.run.MonteCarlo;
import dev.cohort.sim.run.RunResult;
import dev.cohort.sim.scenario.ArrivalSpec;
import dev.cohort.sim.scenario.ScenarioJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers a planner reads: per declared job and per arrivals entry, outcome counts and
 * statistics of completion time, wait and restarts across all replications; plus the cluster's
 * utilization and the engine's throughput.
 */
public record Summary(
    MonteCarlo.Study study, List<JobAggregate> jobs, double utilization, long deadlockRuns) {

  /** Aggregates a study. */
  public static Summary of(MonteCarlo.Study study) {
    Map<String, List<JobResult>> groups = new LinkedHashMap<>();
    Map<String, Boolean> generated = new LinkedHashMap<>();
    for (ScenarioJob j : study.scenario().jobs()) {
      groups.put(j.spec().name(), new ArrayList<>());
      generated.put(j.spec().name(), false);
    }
    for (ArrivalSpec a : study.scenario().arrivals()) {
      groups.put(a.name(), new ArrayList<>());
      generated.put(a.name(), true);
    }
    double util = 0;
    long deadlockRuns = 0;
    for (RunResult r : study.runs()) {
      util += r.utilization();
      if (!r.deadlocks().isEmpty()) {
        deadlockRuns++;
      }
      for (JobResult j : r.jobs()) {
        String key = j.source().isEmpty() ? j.name() : j.source();
        groups.get(key).add(j);
      }
    }
    List<JobAggregate> out = new ArrayList<>();
    for (Map.Entry<String, List<JobResult>> e : groups.entrySet()) {
      out.add(aggregate(e.getKey(), generated.get(e.getKey()), e.getValue(), study.runs().size()));
    }
    return new Summary(study, out, util / study.runs().size(), deadlockRuns);
  }

  private static JobAggregate aggregate(String name, boolean gen, List<JobResult> rs, int runs) {
    int ok = 0;
    int failed = 0;
    int cancelled = 0;
    int unfinished = 0;
    List<Double> jct = new ArrayList<>();
    List<Double> wait = new ArrayList<>();
    double[] restarts = new double[rs.size()];
    for (int i = 0; i < rs.size(); i++) {
      JobResult j = rs.get(i);
      switch (j.status()) {
        case "SUCCEEDED" -> ok++;
        case "FAILED" -> failed++;
        case "CANCELLED" -> cancelled++;
        default -> unfinished++;
      }
      j.finishedAt().ifPresent(f -> jct.add(Durations.seconds(f - j.submittedAt())));
      j.startedAt().ifPresent(s -> wait.add(Durations.seconds(s - j.submittedAt())));
      restarts[i] = j.restarts();
    }
    if (!gen) {
      // A declared job submitted after the horizon never appears in a run: count it unfinished.
      unfinished += runs - rs.size();
    }
    return new JobAggregate(
        name,
        gen,
        ok,
        failed,
        cancelled,
        unfinished,
        Stats.of(jct.stream().mapToDouble(Double::doubleValue).toArray()),
        Stats.of(wait.stream().mapToDouble(Double::doubleValue).toArray()),
        Stats.of(restarts));
  }

  /** Events per wall-clock second over the whole study. */
  public double eventsPerSecond() {
    return study.wallSeconds() > 0 ? study.events() / study.wallSeconds() : 0;
  }
}
