package dev.cohort.sim.report;

import dev.cohort.sim.run.JobResult;
import dev.cohort.sim.run.RunResult;
import java.util.List;
import java.util.Locale;

/** {@code report.md}: the same numbers as report.json, readable, with the charts linked. */
public final class ReportMarkdown {
  private ReportMarkdown() {}

  /** Renders the report; {@code charts} are file names in the same directory. */
  public static String render(Summary s, List<String> charts) {
    StringBuilder sb = new StringBuilder();
    var study = s.study();
    sb.append("# Cohort simulation report: ").append(study.scenario().name()).append("\n\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "%d replication(s), seeds %d to %d; horizon %s. Cluster utilization %.1f%%. Runs with a"
                + " gang deadlock: %d.%n%n",
            study.runs().size(),
            study.baseSeed(),
            study.baseSeed() + study.runs().size() - 1,
            Human.duration(study.scenario().horizon() / 1e6),
            100 * s.utilization(),
            s.deadlockRuns()));
    sb.append("## Jobs\n\n");
    sb.append(
        "Completion time (JCT) is finish − submit over finished jobs; wait is start − submit. The"
            + " 95% interval is a Student-t interval of the mean JCT.\n\n");
    sb.append(
        "| job | jobs | succeeded | failed | cancelled | unfinished | JCT mean | JCT p50 | JCT p90 |"
            + " JCT p99 | JCT 95% CI | wait mean | wait p90 | restarts mean / max |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|\n");
    for (JobAggregate a : s.jobs()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s%s | %d | %d | %d | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s / %s |%n",
              a.name(),
              a.generated() ? " (arrivals)" : "",
              a.total(),
              a.succeeded(),
              a.failed(),
              a.cancelled(),
              a.unfinished(),
              Human.duration(a.jct().mean()),
              Human.duration(a.jct().p50()),
              Human.duration(a.jct().p90()),
              Human.duration(a.jct().p99()),
              Human.interval(a.jct()),
              Human.duration(a.waitTime().mean()),
              Human.duration(a.waitTime().p90()),
              Human.number(a.restarts().mean()),
              a.restarts().max() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.0f", a.restarts().max())));
    }
    sb.append("\n## Where the time went\n\n");
    sb.append(
        "ETTR (effective training time ratio) is productive time over wall time from submission to"
            + " the end (or the horizon); the rest is lost to queueing (waiting for a full gang,"
            + " failure detection and relaunch included), restarts (reloading, planned downtime),"
            + " recomputation of work lost since the last checkpoint, and checkpoint writes. Shares"
            + " are of all the jobs' wall time together.\n\n");
    sb.append(
        "| job | ETTR mean | ETTR 95% CI | productive | queued | restart | recomputed |"
            + " checkpoint |\n");
    sb.append("|---|---:|---|---:|---:|---:|---:|---:|\n");
    for (JobAggregate a : s.jobs()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s%s | %s | %s | %s | %s | %s | %s | %s |%n",
              a.name(),
              a.generated() ? " (arrivals)" : "",
              Human.ratio(a.ettr().mean()),
              a.ettr().ci95Low() == null
                  ? "-"
                  : Human.ratio(a.ettr().ci95Low()) + " – " + Human.ratio(a.ettr().ci95High()),
              Human.ratio(a.share(a.time().productive())),
              Human.ratio(a.share(a.time().queued())),
              Human.ratio(a.share(a.time().restart())),
              Human.ratio(a.share(a.time().recomputed())),
              Human.ratio(a.share(a.time().checkpoint()))));
    }
    if (!s.interruptionsByCause().isEmpty()) {
      sb.append("\n## Interruptions by cause\n\n");
      sb.append(
          "Job interruptions per run (an incident that hits a job's running processes counts once"
              + " per job).\n\n");
      sb.append("| cause | mean | 95% CI | max |\n|---|---:|---|---:|\n");
      s.interruptionsByCause()
          .forEach(
              (cause, st) ->
                  sb.append(
                      String.format(
                          Locale.ROOT,
                          "| %s | %s | %s | %s |%n",
                          cause,
                          Human.number(st.mean()),
                          st.ci95Low() == null
                              ? "-"
                              : Human.number(st.ci95Low()) + " – " + Human.number(st.ci95High()),
                          st.max() == null ? "-" : String.format(Locale.ROOT, "%.0f", st.max()))));
    }
    if (s.fleet().active()) {
      sb.append("\n## Fleet\n\n");
      sb.append(
          "Per run: failures by node class, what repairs ended in, retirements, misdiagnoses"
              + " and cold spares used (docs/reliability.md).\n\n");
      sb.append("| count | mean | 95% CI | max |\n|---|---:|---|---:|\n");
      java.util.Map<String, Stats> rows = new java.util.LinkedHashMap<>();
      s.fleet().failuresByClass().forEach((c, st) -> rows.put("failures: " + c, st));
      rows.putAll(s.fleet().counts());
      rows.forEach(
          (k, st) ->
              sb.append(
                  String.format(
                      Locale.ROOT,
                      "| %s | %s | %s | %s |%n",
                      k,
                      Human.number(st.mean()),
                      st.ci95Low() == null
                          ? "-"
                          : Human.number(st.ci95Low()) + " – " + Human.number(st.ci95High()),
                      st.max() == null ? "-" : String.format(Locale.ROOT, "%.0f", st.max()))));
      sb.append(
          String.format(
              Locale.ROOT,
              "%nThe fleet ran out of nodes for the largest gang in %d of %d runs%s.%n",
              s.fleet().exhaustedRuns(),
              s.study().runs().size(),
              s.fleet().exhaustedRuns() == 0
                  ? ""
                  : " (on average after " + Human.duration(s.fleet().exhaustedAt().mean()) + ")"));
    }
    if (!charts.isEmpty()) {
      sb.append("\n## Charts\n\n");
      for (String c : charts) {
        sb.append("![").append(c).append("](").append(c).append(")\n\n");
      }
    }
    RunResult first = study.runs().get(0);
    sb.append("## First run (seed ").append(first.seed()).append(")\n\n");
    sb.append("Trace hash `")
        .append(first.traceHash())
        .append("`, ")
        .append(Human.count(first.events()))
        .append(" events.\n\n");
    sb.append(
        "| job | status | submitted | started | finished | restarts | interruptions | ETTR |"
            + " replicas started | nodes |\n");
    sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (JobResult j : first.jobs()) {
      if (!j.source().isEmpty()) {
        continue;
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %d | %d | %s | %d | %s |%n",
              j.name(),
              j.status() + (j.reason().isEmpty() ? "" : " (" + j.reason() + ")"),
              Human.duration(j.submittedAt() / 1e6),
              j.startedAt().map(t -> Human.duration(t / 1e6)).orElse("-"),
              j.finishedAt().map(t -> Human.duration(t / 1e6)).orElse("-"),
              j.restarts(),
              j.interruptions(),
              Double.isNaN(j.time().ettr()) ? "-" : Human.ratio(j.time().ettr()),
              j.replicasStarted(),
              String.join(", ", j.nodes().stream().map(n -> n.orElse("-")).toList())));
    }
    if (!first.deadlocks().isEmpty()) {
      sb.append("\nDeadlocks seen in this run:\n\n");
      first
          .deadlocks()
          .forEach(
              d ->
                  sb.append("- at ")
                      .append(Human.duration(d.at() / 1e6))
                      .append(": ")
                      .append(String.join(" ⇄ ", d.jobs()))
                      .append('\n'));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "%nEngine: %s events in %.2f s wall (%s events/s).%n",
            Human.count(study.events()),
            study.wallSeconds(),
            Human.count(Math.round(s.eventsPerSecond()))));
    return sb.toString();
  }
}
