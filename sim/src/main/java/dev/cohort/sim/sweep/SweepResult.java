package dev.cohort.sim.sweep;

import dev.cohort.sim.report.Summary;
import java.util.List;

/**
 * A sweep's outcome: one summary per cell, in the plan's order, every cell run with the same seeds.
 *
 * @param plan what was run
 * @param summaries per cell
 * @param replications replications per cell
 * @param baseSeed the first seed of every cell
 */
public record SweepResult(
    SweepPlan plan, List<Summary> summaries, int replications, long baseSeed) {
  public SweepResult {
    summaries = List.copyOf(summaries);
  }

  /** The summary of cell {@code i}. */
  public Summary summary(int i) {
    return summaries.get(i);
  }

  /** Whether any cell was stopped early (Ctrl-C). */
  public boolean stoppedEarly() {
    return summaries.size() < plan.cells().size()
        || summaries.stream().anyMatch(s -> s.study().stoppedEarly());
  }

  /** The cell with the smallest (or largest) value of {@code m}; −1 when none is defined. */
  public int best(Metric m, boolean minimize) {
    int best = -1;
    double bestValue = Double.NaN;
    for (int i = 0; i < summaries.size(); i++) {
      double v = m.of(summaries.get(i));
      if (Double.isNaN(v)) {
        continue;
      }
      if (best < 0 || (minimize ? v < bestValue : v > bestValue)) {
        best = i;
        bestValue = v;
      }
    }
    return best;
  }
}
