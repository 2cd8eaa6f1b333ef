package dev.cohort.sim.report;

import dev.cohort.sim.sweep.CheckpointOptimum;
import dev.cohort.sim.sweep.Metric;
import dev.cohort.sim.sweep.SweepParameter;
import dev.cohort.sim.sweep.SweepPlan;
import dev.cohort.sim.sweep.SweepResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The sweep on the terminal: one row per cell and job (or arrivals entry) with the numbers a
 * planner compares, the best cell when asked for one, and for checkpoint sweeps the intervals
 * Young's and Daly's formulas recommend beside the best simulated one.
 */
public final class SweepTable {
  private SweepTable() {}

  /** Renders the table; {@code best} marks a cell (−1: none) for {@code metric}. */
  public static String render(SweepResult r, Optional<Metric> metric, int best) {
    StringBuilder sb = new StringBuilder();
    SweepPlan plan = r.plan();
    sb.append(
        String.format(
            Locale.ROOT,
            "sweep of %s: %d cell(s) x %d replication(s), the same seeds from %d in every cell%n",
            plan.base().name(),
            plan.cells().size(),
            r.replications(),
            r.baseSeed()));
    if (r.stoppedEarly()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "PARTIAL: stopped early; %d of %d cell(s) ran%n",
              r.summaries().size(),
              plan.cells().size()));
    }
    List<String[]> rows = new ArrayList<>();
    List<String> head = new ArrayList<>();
    for (SweepParameter p : plan.parameters()) {
      head.add(p.path());
    }
    head.addAll(
        List.of(
            "job", "ok/jobs", "jct mean", "jct p90", "wait p90", "restarts", "ettr", "avail", ""));
    rows.add(head.toArray(new String[0]));
    for (int i = 0; i < r.summaries().size(); i++) {
      Summary s = r.summary(i);
      for (JobAggregate a : s.jobs()) {
        List<String> row = new ArrayList<>(plan.cells().get(i).values().values());
        row.add(a.name());
        row.add(a.succeeded() + "/" + a.total());
        row.add(Human.duration(a.jct().mean()));
        row.add(Human.duration(a.jct().p90()));
        row.add(Human.duration(a.waitTime().p90()));
        row.add(Human.number(a.restarts().mean()));
        row.add(Human.ratio(a.ettr().mean()));
        Double av = a.availability().mean();
        row.add(av == null ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * av));
        row.add(i == best ? "<- best" : "");
        rows.add(row.toArray(new String[0]));
      }
    }
    sb.append(align(rows));
    if (best >= 0 && metric.isPresent()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "best %s: %s at %s%s%n",
              metric.get().text(),
              metric.get().format(metric.get().of(r.summary(best))),
              plan.cells().get(best).label(),
              metric
                  .get()
                  .interval(r.summary(best))
                  .map(
                      ci ->
                          " (95% CI "
                              + metric.get().format(ci[0])
                              + " to "
                              + metric.get().format(ci[1])
                              + ")")
                  .orElse("")));
    }
    for (String line : optimumLines(r)) {
      sb.append(line).append(System.lineSeparator());
    }
    return sb.toString();
  }

  /**
   * For a checkpoint sweep: per combination of the other parameters, Young's and Daly's intervals
   * and the swept value with the highest mean ETTR.
   */
  public static List<String> optimumLines(SweepResult r) {
    List<String> out = new ArrayList<>();
    SweepPlan plan = r.plan();
    for (SweepParameter p : plan.parameters()) {
      Map<String, Integer> bestByRest = new LinkedHashMap<>();
      Map<String, Double> bestValue = new LinkedHashMap<>();
      Map<String, CheckpointOptimum> formula = new LinkedHashMap<>();
      for (int i = 0; i < r.summaries().size(); i++) {
        SweepPlan.Cell cell = plan.cells().get(i);
        Optional<CheckpointOptimum> o = CheckpointOptimum.forPath(cell.scenario(), p.path());
        if (o.isEmpty()) {
          continue;
        }
        String rest = rest(cell, p.path());
        formula.putIfAbsent(rest, o.get());
        String job = CheckpointOptimum.jobOf(p.path()).orElse("");
        double ettr = Double.NaN;
        for (JobAggregate a : r.summary(i).jobs()) {
          if (a.name().equals(job) && a.ettr().mean() != null) {
            ettr = a.ettr().mean();
          }
        }
        if (!Double.isNaN(ettr) && (!bestValue.containsKey(rest) || ettr > bestValue.get(rest))) {
          bestValue.put(rest, ettr);
          bestByRest.put(rest, i);
        }
      }
      for (Map.Entry<String, CheckpointOptimum> e : formula.entrySet()) {
        CheckpointOptimum o = e.getValue();
        Integer b = bestByRest.get(e.getKey());
        out.add(
            String.format(
                Locale.ROOT,
                "checkpoint interval%s: Young %s, Daly %s (mean time between interruptions %s,"
                    + " checkpoint cost %s); simulated best %s (ETTR %s)",
                e.getKey().isEmpty() ? "" : " at " + e.getKey(),
                Human.duration(o.youngMicros() / 1e6),
                Human.duration(o.dalyMicros() / 1e6),
                Human.duration(o.mtbiMicros() / 1e6),
                Human.duration(o.costMicros() / 1e6),
                b == null ? "-" : plan.cells().get(b).values().get(p.path()),
                b == null ? "-" : Human.ratio(bestValue.get(e.getKey()))));
      }
    }
    return out;
  }

  /** The values of the other parameters of a cell. */
  static String rest(SweepPlan.Cell cell, String path) {
    List<String> parts = new ArrayList<>();
    cell.values()
        .forEach(
            (k, v) -> {
              if (!k.equals(path)) {
                parts.add(k + "=" + v);
              }
            });
    return String.join(", ", parts);
  }

  private static String align(List<String[]> rows) {
    int cols = rows.get(0).length;
    int[] w = new int[cols];
    for (String[] r : rows) {
      for (int c = 0; c < cols; c++) {
        w[c] = Math.max(w[c], r[c].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < cols; c++) {
        if (c > 0) {
          line.append("  ");
        }
        line.append(c < cols - 1 ? String.format("%-" + w[c] + "s", r[c]) : r[c]);
      }
      sb.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
    return sb.toString();
  }
}
