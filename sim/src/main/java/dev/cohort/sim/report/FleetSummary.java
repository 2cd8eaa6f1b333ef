package dev.cohort.sim.report;

import dev.cohort.sim.cluster.FleetStats;
import dev.cohort.sim.run.RunResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The fleet models' counts over the runs of a study: per run statistics of failures by node class,
 * repair outcomes, retirements, misdiagnoses and spares used, and in how many runs (and when) the
 * fleet ran out of nodes for the largest gang.
 *
 * @param active whether the scenario had fleet models
 * @param failuresByClass per class, statistics of the per-run failure counts
 * @param counts per outcome name (fixed, falseSuccess, beyondRepair, healed, retired, misdiagnosed,
 *     sparesUsed), statistics of the per-run counts
 * @param exhaustedRuns runs in which the fleet ran out
 * @param exhaustedAt when it ran out, seconds, over those runs
 */
public record FleetSummary(
    boolean active,
    Map<String, Stats> failuresByClass,
    Map<String, Stats> counts,
    int exhaustedRuns,
    Stats exhaustedAt) {

  public FleetSummary {
    failuresByClass = Collections.unmodifiableMap(new LinkedHashMap<>(failuresByClass));
    counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
  }

  /** Aggregates the runs' fleet statistics. */
  public static FleetSummary of(List<RunResult> runs) {
    List<FleetStats> fs = new ArrayList<>();
    for (RunResult r : runs) {
      if (r.fleet().active()) {
        fs.add(r.fleet());
      }
    }
    if (fs.isEmpty()) {
      return new FleetSummary(false, Map.of(), Map.of(), 0, Stats.of(new double[0]));
    }
    Map<String, Stats> byClass = new LinkedHashMap<>();
    for (String c : fs.get(0).failuresByClass().keySet()) {
      byClass.put(c, stats(fs, f -> f.failuresByClass().getOrDefault(c, 0L)));
    }
    Map<String, Stats> counts = new LinkedHashMap<>();
    counts.put("fixed", stats(fs, FleetStats::fixed));
    counts.put("falseSuccess", stats(fs, FleetStats::falseSuccess));
    counts.put("beyondRepair", stats(fs, FleetStats::beyondRepair));
    counts.put("healed", stats(fs, FleetStats::healed));
    counts.put("retired", stats(fs, FleetStats::retired));
    counts.put("misdiagnosed", stats(fs, FleetStats::misdiagnosed));
    counts.put("sparesUsed", stats(fs, FleetStats::sparesUsed));
    counts.put("heldBack", stats(fs, FleetStats::heldBack));
    counts.put("recalled", stats(fs, FleetStats::recalled));
    double[] at =
        fs.stream()
            .filter(f -> f.exhaustedAt() >= 0)
            .mapToDouble(f -> f.exhaustedAt() / 1e6)
            .toArray();
    return new FleetSummary(true, byClass, counts, at.length, Stats.of(at));
  }

  private static Stats stats(List<FleetStats> fs, ToLongFunction<FleetStats> f) {
    return Stats.of(fs.stream().mapToDouble(x -> f.applyAsLong(x)).toArray());
  }
}
