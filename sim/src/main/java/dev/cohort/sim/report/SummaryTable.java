package dev.cohort.sim.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The summary table printed by {@code cohort simulate}: one row per declared job / arrivals entry.
 */
public final class SummaryTable {
  private SummaryTable() {}

  /** Renders the table with a header line. */
  public static String render(Summary s) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "scenario %s: %d replication(s) from seed %d, %s events in %.2fs (%s events/s)%n",
            s.study().scenario().name(),
            s.study().runs().size(),
            s.study().baseSeed(),
            Human.count(s.study().events()),
            s.study().wallSeconds(),
            Human.count(Math.round(s.eventsPerSecond()))));
    if (s.study().stoppedEarly()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "PARTIAL: stopped early; %d of %d replication(s) ran, the last cut short at %s"
                  + " simulated; unfinished jobs count as unfinished%n",
              s.study().runs().size(),
              s.study().requested(),
              Human.duration(s.study().runs().get(s.study().runs().size() - 1).endTime() / 1e6)));
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "job",
          "jobs",
          "ok",
          "failed",
          "cancel",
          "unfin",
          "jct mean",
          "jct p50",
          "jct p90",
          "jct p99",
          "wait mean",
          "wait p90",
          "restarts",
          "ettr",
          "avail"
        });
    for (JobAggregate a : s.jobs()) {
      rows.add(
          new String[] {
            a.name() + (a.generated() ? " (arrivals)" : ""),
            Integer.toString(a.total()),
            Integer.toString(a.succeeded()),
            Integer.toString(a.failed()),
            Integer.toString(a.cancelled()),
            Integer.toString(a.unfinished()),
            Human.duration(a.jct().mean()),
            Human.duration(a.jct().p50()),
            Human.duration(a.jct().p90()),
            Human.duration(a.jct().p99()),
            Human.duration(a.waitTime().mean()),
            Human.duration(a.waitTime().p90()),
            Human.number(a.restarts().mean()),
            Human.ratio(a.ettr().mean()),
            Human.ratio(a.availability().mean())
          });
    }
    int[] w = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        String cell = i == 0 ? pad(r[i], w[i]) : lpad(r[i], w[i]);
        line.append(cell).append(i == r.length - 1 ? "" : "  ");
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    if (s.interruptionsByCause().values().stream()
        .anyMatch(st -> st.max() != null && st.max() > 0)) {
      StringBuilder line = new StringBuilder("interruptions per run:");
      String sep = " ";
      for (var e : s.interruptionsByCause().entrySet()) {
        line.append(sep).append(e.getKey()).append(' ').append(Human.number(e.getValue().mean()));
        sep = ", ";
      }
      sb.append(line).append('\n');
    }
    if (s.fleet().active()) {
      StringBuilder line = new StringBuilder("fleet per run: failures");
      String sep = " ";
      for (var e : s.fleet().failuresByClass().entrySet()) {
        line.append(sep).append(e.getKey()).append(' ').append(Human.number(e.getValue().mean()));
        sep = ", ";
      }
      line.append("; repairs");
      sep = " ";
      for (var e : s.fleet().counts().entrySet()) {
        line.append(sep).append(e.getKey()).append(' ').append(Human.number(e.getValue().mean()));
        sep = ", ";
      }
      line.append(
          String.format(
              Locale.ROOT,
              "; ran out of nodes in %d of %d runs",
              s.fleet().exhaustedRuns(),
              s.study().runs().size()));
      sb.append(line).append('\n');
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "cluster utilization %.1f%%; runs with a gang deadlock: %d of %d%n",
            100 * s.utilization(),
            s.deadlockRuns(),
            s.study().runs().size()));
    return sb.toString();
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(w - s.length());
  }

  private static String lpad(String s, int w) {
    return " ".repeat(w - s.length()) + s;
  }
}
