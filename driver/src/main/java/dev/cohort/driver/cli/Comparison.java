package dev.cohort.driver.cli;

import dev.cohort.sim.report.Human;
import dev.cohort.sim.report.JobAggregate;
import dev.cohort.sim.report.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Side-by-side comparison of a scenario's variants: one row per job and variant. */
final class Comparison {
  private Comparison() {}

  /** Plain-text table for stdout, columns as wide as their widest cell. */
  static String render(List<Summary> summaries) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "variant", "job", "ok", "failed", "unfin", "jct mean", "jct p90", "wait mean", "ettr"
        });
    for (Summary s : summaries) {
      for (JobAggregate a : s.jobs()) {
        rows.add(
            new String[] {
              s.study().scenario().name(),
              a.name(),
              Integer.toString(a.succeeded()),
              Integer.toString(a.failed()),
              Integer.toString(a.unfinished()),
              Human.duration(a.jct().mean()),
              Human.duration(a.jct().p90()),
              Human.duration(a.waitTime().mean()),
              Human.ratio(a.ettr().mean())
            });
      }
    }
    int[] w = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder("comparison of variants (same seeds):\n");
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        String pad = " ".repeat(w[i] - r[i].length());
        line.append(i < 2 ? r[i] + pad : pad + r[i]).append(i == r.length - 1 ? "" : "  ");
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }

  /** Markdown table for comparison.md. */
  static String markdown(List<Summary> summaries) {
    StringBuilder sb = new StringBuilder("# Variant comparison\n\n");
    sb.append(
        "All variants ran with the same seeds; each has its own folder with report.json, report.md and charts.\n\n");
    sb.append(
        "| variant | job | succeeded | failed | unfinished | JCT mean | JCT 95% CI | JCT p90 | wait mean | restarts mean | ETTR mean |\n");
    sb.append("|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|\n");
    for (Summary s : summaries) {
      for (JobAggregate a : s.jobs()) {
        sb.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %d | %d | %d | %s | %s | %s | %s | %s | %s |%n",
                s.study().scenario().name(),
                a.name(),
                a.succeeded(),
                a.failed(),
                a.unfinished(),
                Human.duration(a.jct().mean()),
                Human.interval(a.jct()),
                Human.duration(a.jct().p90()),
                Human.duration(a.waitTime().mean()),
                Human.number(a.restarts().mean()),
                Human.ratio(a.ettr().mean())));
      }
    }
    return sb.toString();
  }
}
