package dev.cohort.sim.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohort.core.spec.Durations;
import dev.cohort.sim.run.JobResult;
import dev.cohort.sim.run.RunResult;
import dev.cohort.sim.workload.TimeUse;
import java.util.Optional;

/**
 * Builds {@code report.json} exactly as DESIGN §5 specifies: times in seconds relative to the start
 * of the simulation; {@code jobs} aggregates per declared job and per arrivals entry; {@code
 * runs[].jobs} lists declared jobs only.
 */
public final class ReportJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {}

  /** The report as a JSON tree. */
  public static ObjectNode build(Summary s) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("scenario", s.study().scenario().name());
    root.put("replications", s.study().runs().size());
    root.put("seed", s.study().baseSeed());
    jobs(root.putArray("jobs"), s);
    interruptions(root.putObject("interruptionsByCause"), s);
    ArrayNode runs = root.putArray("runs");
    for (RunResult r : s.study().runs()) {
      ObjectNode run = runs.addObject();
      run.put("seed", r.seed());
      run.put("traceHash", r.traceHash());
      run.put("events", r.events());
      ObjectNode byCause = run.putObject("interruptionsByCause");
      r.interruptionsByCause().forEach(byCause::put);
      ArrayNode rj = run.putArray("jobs");
      for (JobResult j : r.jobs()) {
        if (!j.source().isEmpty()) {
          continue;
        }
        ObjectNode o = rj.addObject();
        o.put("name", j.name());
        o.put("status", j.status());
        o.put("submittedAt", Durations.seconds(j.submittedAt()));
        time(o, "startedAt", j.startedAt());
        time(o, "finishedAt", j.finishedAt());
        o.put("restarts", j.restarts());
        o.put("replicasStarted", j.replicasStarted());
        o.put("interruptions", j.interruptions());
        double e = j.time().ettr();
        if (Double.isNaN(e)) {
          o.putNull("ettr");
        } else {
          o.put("ettr", e);
        }
        ObjectNode time = o.putObject("time");
        time.put("productive", Durations.seconds(j.time().productive()));
        time.put("queued", Durations.seconds(j.time().queued()));
        time.put("restart", Durations.seconds(j.time().restart()));
        time.put("recomputed", Durations.seconds(j.time().recomputed()));
        time.put("checkpoint", Durations.seconds(j.time().checkpoint()));
        ArrayNode nodes = o.putArray("nodes");
        for (Optional<String> n : j.nodes()) {
          if (n.isPresent()) {
            nodes.add(n.get());
          } else {
            nodes.addNull();
          }
        }
      }
    }
    root.putObject("cluster").put("utilization", s.utilization());
    if (s.fleet().active()) {
      fleet(root.putObject("fleet"), s.fleet());
    }
    ObjectNode engine = root.putObject("engine");
    engine.put("events", s.study().events());
    engine.put("wallSeconds", s.study().wallSeconds());
    engine.put("eventsPerSecond", s.eventsPerSecond());
    return root;
  }

  /** Per declared job and arrivals entry, the aggregates of report.json's {@code jobs}. */
  public static void jobs(ArrayNode jobs, Summary s) {
    for (JobAggregate a : s.jobs()) {
      ObjectNode j = jobs.addObject();
      j.put("name", a.name());
      j.put("succeeded", a.succeeded());
      j.put("failed", a.failed());
      j.put("cancelled", a.cancelled());
      j.put("unfinished", a.unfinished());
      ObjectNode jct = j.putObject("jct");
      num(jct, "mean", a.jct().mean());
      num(jct, "p50", a.jct().p50());
      num(jct, "p90", a.jct().p90());
      num(jct, "p99", a.jct().p99());
      num(jct, "ci95Low", a.jct().ci95Low());
      num(jct, "ci95High", a.jct().ci95High());
      ObjectNode wait = j.putObject("wait");
      num(wait, "mean", a.waitTime().mean());
      num(wait, "p50", a.waitTime().p50());
      num(wait, "p90", a.waitTime().p90());
      num(wait, "p99", a.waitTime().p99());
      ObjectNode restarts = j.putObject("restarts");
      num(restarts, "mean", a.restarts().mean());
      num(restarts, "max", a.restarts().max());
      ObjectNode ettr = j.putObject("ettr");
      num(ettr, "mean", a.ettr().mean());
      num(ettr, "ci95Low", a.ettr().ci95Low());
      num(ettr, "ci95High", a.ettr().ci95High());
      num(ettr, "p50", a.ettr().p50());
      if (!a.generated()) {
        ObjectNode av = j.putObject("availability");
        num(av, "mean", a.availability().mean());
        num(av, "ci95Low", a.availability().ci95Low());
        num(av, "ci95High", a.availability().ci95High());
        num(av, "p50", a.availability().p50());
      }
      ObjectNode shares = j.putObject("timeShares");
      TimeUse t = a.time();
      num(shares, "productive", a.share(t.productive()));
      num(shares, "queued", a.share(t.queued()));
      num(shares, "restart", a.share(t.restart()));
      num(shares, "recomputed", a.share(t.recomputed()));
      num(shares, "checkpoint", a.share(t.checkpoint()));
    }
  }

  /** The fleet models' counts per run: mean, CI and max of each. */
  public static void fleet(ObjectNode o, FleetSummary f) {
    ObjectNode byClass = o.putObject("failuresByClass");
    f.failuresByClass().forEach((c, st) -> stat(byClass.putObject(c), st));
    f.counts().forEach((k, st) -> stat(o.putObject(k), st));
    ObjectNode ex = o.putObject("exhausted");
    ex.put("runs", f.exhaustedRuns());
    num(ex, "atMean", f.exhaustedAt().mean());
  }

  private static void stat(ObjectNode o, Stats st) {
    num(o, "mean", st.mean());
    num(o, "ci95Low", st.ci95Low());
    num(o, "ci95High", st.ci95High());
    num(o, "max", st.max());
  }

  /** Interruptions per run by cause: mean, CI, max. */
  public static void interruptions(ObjectNode causes, Summary s) {
    s.interruptionsByCause()
        .forEach(
            (cause, st) -> {
              ObjectNode c = causes.putObject(cause);
              num(c, "mean", st.mean());
              num(c, "ci95Low", st.ci95Low());
              num(c, "ci95High", st.ci95High());
              num(c, "max", st.max());
            });
  }

  /** The report as indented JSON text. */
  public static String render(Summary s) {
    try {
      return MAPPER.writeValueAsString(build(s)) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void num(ObjectNode o, String k, Double v) {
    if (v == null) {
      o.putNull(k);
    } else {
      o.put(k, v);
    }
  }

  private static void time(ObjectNode o, String k, Optional<Long> micros) {
    if (micros.isPresent()) {
      o.put(k, Durations.seconds(micros.get()));
    } else {
      o.putNull(k);
    }
  }
}
