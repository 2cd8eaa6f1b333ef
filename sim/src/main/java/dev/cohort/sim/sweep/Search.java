package dev.cohort.sim.sweep;

import dev.cohort.core.spec.SpecNode;
import dev.cohort.sim.report.Summary;
import dev.cohort.sim.run.MonteCarlo;
import dev.cohort.sim.run.RunResult;
import dev.cohort.sim.run.SimOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The smallest value of an integer key that meets a target ({@code --find 'p90(wait) < 1h' --over
 * cluster.nodeGroups.gpu.count=16..256}), by bisection, assuming the target gets easier as the
 * value grows (more nodes, more spares). Each probe runs the replications on common random numbers;
 * once the boundary is found, the values on both sides are run again with four times the
 * replications, and the search goes on if that changes the verdict.
 */
public final class Search {
  /** How much the replications grow for the check at the boundary. */
  public static final int BOUNDARY_FACTOR = 4;

  /**
   * One evaluated value.
   *
   * @param value the value set
   * @param replications how many runs
   * @param metric the metric over all runs
   * @param met whether the target holds over all runs
   * @param runsMet runs that meet the target on their own
   */
  public record Probe(String value, int replications, double metric, boolean met, int runsMet) {}

  /**
   * The answer.
   *
   * @param target the goal
   * @param path the key searched
   * @param found the smallest value meeting the target, if any does
   * @param at the probe of the found value (or of the largest value when none meets it)
   * @param probes every probe in the order made
   */
  public record Outcome(
      Target target, String path, Optional<String> found, Probe at, List<Probe> probes) {
    /** Wilson 95% interval of the share of runs that meet the target at {@link #at}. */
    public double[] confidence() {
      return wilson(at.runsMet(), at.replications());
    }
  }

  private Search() {}

  /**
   * Searches {@code over} (integer values, ascending) for the smallest one meeting {@code target}.
   *
   * @throws IllegalArgumentException when the values are not integers
   */
  public static Outcome find(
      Path file,
      SpecNode root,
      Target target,
      SweepParameter over,
      int replications,
      long seed,
      int threads,
      SimOptions options,
      Consumer<Probe> progress) {
    return find(
        file, root, target, over, replications, seed, Replicator.local(threads, options), progress);
  }

  /** As above, running probes with {@code replicator} (local threads or a cluster). */
  public static Outcome find(
      Path file,
      SpecNode root,
      Target target,
      SweepParameter over,
      int replications,
      long seed,
      Replicator replicator,
      Consumer<Probe> progress) {
    List<Long> values = new ArrayList<>();
    for (String v : over.values()) {
      try {
        values.add(Long.parseLong(v));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            over.origin() + ": --over searches integers (e.g. 16..256); '" + v + "' is not one");
      }
    }
    for (int i = 1; i < values.size(); i++) {
      if (values.get(i) <= values.get(i - 1)) {
        throw new IllegalArgumentException(over.origin() + ": --over values must ascend");
      }
    }
    Evaluator eval = new Evaluator(file, root, target, over, seed, replicator, progress);
    int reps = replications;
    int lo = 0;
    int hi = values.size() - 1;
    Probe top = eval.probe(over.values().get(hi), reps);
    if (!top.met()) {
      return new Outcome(target, over.path(), Optional.empty(), top, eval.probes);
    }
    Probe bottom = eval.probe(over.values().get(lo), reps);
    if (bottom.met()) {
      return new Outcome(target, over.path(), Optional.of(bottom.value()), bottom, eval.probes);
    }
    for (int round = 0; round < 3; round++) {
      // invariant: not met at lo, met at hi (with reps)
      while (hi - lo > 1) {
        int mid = (lo + hi) >>> 1;
        if (eval.probe(over.values().get(mid), reps).met()) {
          hi = mid;
        } else {
          lo = mid;
        }
      }
      int more = reps * BOUNDARY_FACTOR;
      Probe below = eval.probe(over.values().get(lo), more);
      Probe above = eval.probe(over.values().get(hi), more);
      reps = more;
      if (above.met() && !below.met()) {
        return new Outcome(target, over.path(), Optional.of(above.value()), above, eval.probes);
      }
      if (!above.met()) {
        lo = hi;
        hi = values.size() - 1;
        if (!eval.probe(over.values().get(hi), reps).met()) {
          Probe last = eval.probe(over.values().get(hi), reps);
          return new Outcome(target, over.path(), Optional.empty(), last, eval.probes);
        }
      } else {
        hi = lo;
        lo = 0;
        if (eval.probe(over.values().get(lo), reps).met()) {
          Probe first = eval.probe(over.values().get(lo), reps);
          return new Outcome(target, over.path(), Optional.of(first.value()), first, eval.probes);
        }
      }
    }
    Probe last = eval.probe(over.values().get(hi), reps);
    return new Outcome(target, over.path(), Optional.of(last.value()), last, eval.probes);
  }

  /** Wilson score interval (95%) of {@code k} successes in {@code n}. */
  public static double[] wilson(int k, int n) {
    if (n == 0) {
      return new double[] {0, 1};
    }
    double z = 1.959963984540054;
    double p = k / (double) n;
    double denom = 1 + z * z / n;
    double centre = (p + z * z / (2.0 * n)) / denom;
    double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denom;
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }

  /** Runs probes, remembering each (value, replications) so none runs twice. */
  private static final class Evaluator {
    final Path file;
    final SpecNode root;
    final Target target;
    final SweepParameter over;
    final long seed;
    final Replicator replicator;
    final Consumer<Probe> progress;
    final List<Probe> probes = new ArrayList<>();

    /** The scenario file's text, read once for every probe's source. */
    private String text;

    final Map<String, Probe> done = new HashMap<>();

    Evaluator(
        Path file,
        SpecNode root,
        Target target,
        SweepParameter over,
        long seed,
        Replicator replicator,
        Consumer<Probe> progress) {
      this.file = file;
      this.root = root;
      this.target = target;
      this.over = over;
      this.seed = seed;
      this.replicator = replicator;
      this.progress = progress;
    }

    Probe probe(String value, int replications) {
      String key = value + "/" + replications;
      Probe known = done.get(key);
      if (known != null) {
        return known;
      }
      SweepParameter one = new SweepParameter(over.path(), List.of(value), over.origin());
      SweepPlan plan = SweepPlan.of(file, root, List.of(one), false);
      if (text == null) {
        text = SweepRunner.text(plan);
      }
      SweepPlan.Cell cell = plan.cells().get(0);
      MonteCarlo.Study study =
          replicator.run(cell.scenario(), plan.source(0, text), replications, seed, d -> {});
      Summary all = Summary.of(study);
      target.metric().aggregate(all); // names the job, or says which exist
      int runsMet = 0;
      for (RunResult r : study.runs()) {
        Summary one1 =
            Summary.of(new MonteCarlo.Study(cell.scenario(), r.seed(), List.of(r), 0, 1));
        if (target.met(one1)) {
          runsMet++;
        }
      }
      Probe p =
          new Probe(value, study.runs().size(), target.metric().of(all), target.met(all), runsMet);
      probes.add(p);
      done.put(key, p);
      progress.accept(p);
      return p;
    }
  }
}
