package dev.cohort.sim.report;

import dev.cohort.sim.sweep.Metric;
import dev.cohort.sim.sweep.SweepParameter;
import dev.cohort.sim.sweep.SweepPlan;
import dev.cohort.sim.sweep.SweepResult;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code sweep.md}: what was swept, a table per cell and job, the optima, and the charts. */
public final class SweepMarkdown {
  private SweepMarkdown() {}

  /** Renders the page; {@code cellDirs} are the per-cell report folders, in plan order. */
  public static String render(
      SweepResult r,
      Optional<Metric> metric,
      int best,
      List<String> charts,
      List<String> cellDirs) {
    SweepPlan plan = r.plan();
    StringBuilder sb = new StringBuilder();
    sb.append("# Sweep: ").append(plan.base().name()).append("\n\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "%d cell(s), %d replication(s) each, seeds %d to %d in every cell (common random"
                + " numbers: differences between cells come from the parameters).%n%n",
            plan.cells().size(),
            r.replications(),
            r.baseSeed(),
            r.baseSeed() + r.replications() - 1));
    sb.append("| parameter | values |\n|---|---|\n");
    for (SweepParameter p : plan.parameters()) {
      sb.append("| `")
          .append(p.path())
          .append("` | ")
          .append(String.join(", ", p.values()))
          .append(" |\n");
    }
    sb.append("\n## Results\n\n| ");
    for (SweepParameter p : plan.parameters()) {
      sb.append("`").append(p.path()).append("` | ");
    }
    sb.append(
        "job | ok/jobs | jct mean (95% CI) | jct p90 | wait p90 | restarts | ETTR (95% CI) |"
            + " report |\n|");
    sb.append("---|".repeat(plan.parameters().size() + 8)).append("\n");
    for (int i = 0; i < r.summaries().size(); i++) {
      Summary s = r.summary(i);
      for (JobAggregate a : s.jobs()) {
        sb.append("| ");
        for (String v : plan.cells().get(i).values().values()) {
          sb.append(v).append(" | ");
        }
        sb.append(a.name())
            .append(i == best ? " **(best)**" : "")
            .append(" | ")
            .append(a.succeeded())
            .append("/")
            .append(a.total())
            .append(" | ")
            .append(Human.duration(a.jct().mean()))
            .append(" (")
            .append(Human.interval(a.jct()))
            .append(") | ")
            .append(Human.duration(a.jct().p90()))
            .append(" | ")
            .append(Human.duration(a.waitTime().p90()))
            .append(" | ")
            .append(Human.number(a.restarts().mean()))
            .append(" | ")
            .append(Human.ratio(a.ettr().mean()))
            .append(
                a.ettr().ci95Low() == null
                    ? ""
                    : " ("
                        + Human.ratio(a.ettr().ci95Low())
                        + " – "
                        + Human.ratio(a.ettr().ci95High())
                        + ")")
            .append(" | [")
            .append(cellDirs.get(i))
            .append("](")
            .append(cellDirs.get(i))
            .append("/report.md) |\n");
      }
    }
    if (best >= 0 && metric.isPresent()) {
      sb.append("\nBest ")
          .append(metric.get().text())
          .append(": ")
          .append(metric.get().format(metric.get().of(r.summary(best))))
          .append(" at ")
          .append(plan.cells().get(best).label())
          .append(".\n");
    }
    List<String> optima = SweepTable.optimumLines(r);
    if (!optima.isEmpty()) {
      sb.append("\n## Checkpoint interval: formulas and simulation\n\n");
      for (String line : optima) {
        sb.append("- ").append(line).append("\n");
      }
      sb.append(
          "\nYoung's and Daly's intervals use a first-order interruption rate read off the"
              + " scenario's random failures (see docs/planning.md); the simulated best is the"
              + " swept value with the highest mean ETTR.\n");
    }
    if (!charts.isEmpty()) {
      sb.append("\n## Charts\n\n");
      for (String c : charts) {
        sb.append("![").append(c).append("](").append(c).append(")\n\n");
      }
    }
    return sb.toString();
  }
}
