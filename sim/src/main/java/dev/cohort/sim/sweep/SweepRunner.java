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
    return run(plan, replications, seed, Replicator.local(threads, options), options, progress);
  }

  /** Runs {@code plan} with {@code replicator} (local threads or a cluster). */
  public static SweepResult run(
      SweepPlan plan,
      int replications,
      long seed,
      Replicator replicator,
      SimOptions options,
      LongConsumer progress) {
    String text = text(plan);
    List<Summary> out = new ArrayList<>();
    for (SweepPlan.Cell cell : plan.cells()) {
      if (options.control().stopRequested()) {
        break;
      }
      long before = (long) cell.index() * replications;
      MonteCarlo.Study study =
          replicator.run(
              cell.scenario(),
              plan.source(cell.index(), text),
              replications,
              seed,
              done -> progress.accept(before + done));
      if (study.runs().isEmpty()) {
        break;
      }
      out.add(Summary.of(study));
    }
    return new SweepResult(plan, out, replications, seed);
  }

  /** The scenario file's text, for replicators that rebuild cells elsewhere ("" if unreadable). */
  static String text(SweepPlan plan) {
    try {
      return java.nio.file.Files.readString(plan.file());
    } catch (java.io.IOException | RuntimeException e) {
      return "";
    }
  }
}
