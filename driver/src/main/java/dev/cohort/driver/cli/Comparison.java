package dev.cohort.driver.cli;

import dev.cohort.sim.report.Human;
import dev.cohort.sim.report.JobAggregate;
import dev.cohort.sim.report.Summary;
import java.util.List;
import java.util.Locale;

/** Side-by-side comparison of a scenario's variants: one row per job and variant. */
final class Comparison {
  private Comparison() {}

  /** Plain-text table for stdout. */
  static String render(List<Summary> summaries) {
    StringBuilder sb = new StringBuilder("comparison of variants (same seeds):\n");
    String fmt = "%-28s %-22s %5s %6s %6s %10s %10s %10s%n";
    sb.append(
        String.format(
            Locale.ROOT,
            fmt,
            "variant",
            "job",
            "ok",
            "failed",
            "unfin",
            "jct mean",
            "jct p90",
            "wait mean"));
    for (Summary s : summaries) {
      for (JobAggregate a : s.jobs()) {
        sb.append(
            String.format(
                Locale.ROOT,
                fmt,
                s.study().scenario().name(),
                a.name(),
                a.succeeded(),
                a.failed(),
                a.unfinished(),
                Human.duration(a.jct().mean()),
                Human.duration(a.jct().p90()),
                Human.duration(a.waitTime().mean())));
      }
    }
    return sb.toString();
  }

  /** Markdown table for comparison.md. */
  static String markdown(List<Summary> summaries) {
    StringBuilder sb = new StringBuilder("# Variant comparison\n\n");
    sb.append(
        "All variants ran with the same seeds; each has its own folder with report.json, report.md and charts.\n\n");
    sb.append(
        "| variant | job | succeeded | failed | unfinished | JCT mean | JCT 95% CI | JCT p90 | wait mean | restarts mean |\n");
    sb.append("|---|---|---:|---:|---:|---:|---|---:|---:|---:|\n");
    for (Summary s : summaries) {
      for (JobAggregate a : s.jobs()) {
        sb.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %d | %d | %d | %s | %s | %s | %s | %s |%n",
                s.study().scenario().name(),
                a.name(),
                a.succeeded(),
                a.failed(),
                a.unfinished(),
                Human.duration(a.jct().mean()),
                Human.interval(a.jct()),
                Human.duration(a.jct().p90()),
                Human.duration(a.waitTime().mean()),
                Human.number(a.restarts().mean())));
      }
    }
    return sb.toString();
  }
}
