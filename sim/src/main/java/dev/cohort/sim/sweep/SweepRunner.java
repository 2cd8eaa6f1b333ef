package dev.cohort.sim.sweep;

import dev.cohort.sim.report.Summary;
import dev.cohort.sim.run.MonteCarlo;
import dev.cohort.sim.run.SimOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Runs every cell of a plan with the same seeds (common random numbers: a difference between cells
 * is the parameters', not the dice's). Cells run one after another, each on all threads; the result
 * does not depend on the thread count.
 */
public final class SweepRunner {
  private SweepRunner() {}

  /**
   * Runs {@code plan}; {@code progress} hears the number of replications done over the whole sweep
   * (of {@code cells × replications}).
   */
  public static SweepResult run(
      SweepPlan plan,
      int replications,
      long seed,
      int threads,
      SimOptions options,
      LongConsumer progress) {
    List<Summary> out = new ArrayList<>();
    for (SweepPlan.Cell cell : plan.cells()) {
      if (options.control().stopRequested()) {
        break;
      }
      long before = (long) cell.index() * replications;
      MonteCarlo.Study study =
          MonteCarlo.run(
              cell.scenario(),
              replications,
              seed,
              threads,
              options,
              done -> progress.accept(before + done));
      if (study.runs().isEmpty()) {
        break;
      }
      out.add(Summary.of(study));
    }
    return new SweepResult(plan, out, replications, seed);
  }
}
