package dev.cohort.sim.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohort.sim.check.Deadlock;
import dev.cohort.sim.cluster.FleetStats;
import dev.cohort.sim.workload.TimeUse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link RunResult} as JSON text and back, for runs made on other machines (Ray tasks). Lossless:
 * doubles travel as their bits, so a summary of decoded runs is the summary of the runs. The
 * timeline and the fleet's series (chart inputs recorded only on request) do not travel; decoded
 * runs have empty ones.
 */
public final class RunResultJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunResultJson() {}

  /** The run as compact JSON. */
  public static String encode(RunResult r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("seed", r.seed());
    o.put("traceHash", r.traceHash());
    o.put("events", r.events());
    o.put("endTime", r.endTime());
    o.put("utilization", Double.doubleToLongBits(r.utilization()));
    o.put("stoppedEarly", r.stoppedEarly());
    ArrayNode jobs = o.putArray("jobs");
    for (JobResult j : r.jobs()) {
      ObjectNode n = jobs.addObject();
      n.put("name", j.name());
      n.put("source", j.source());
      n.put("status", j.status());
      n.put("reason", j.reason());
      n.put("submittedAt", j.submittedAt());
      optional(n, "startedAt", j.startedAt());
      optional(n, "finishedAt", j.finishedAt());
      n.put("restarts", j.restarts());
      n.put("replicasStarted", j.replicasStarted());
      ArrayNode nodes = n.putArray("nodes");
      for (Optional<String> node : j.nodes()) {
        if (node.isPresent()) {
          nodes.add(node.get());
        } else {
          nodes.addNull();
        }
      }
      n.put("interruptions", j.interruptions());
      time(n, j.time());
      n.put("availability", Double.doubleToLongBits(j.availability()));
    }
    ArrayNode sources = o.putArray("sources");
    for (SourceResult s : r.sources()) {
      ObjectNode n = sources.addObject();
      n.put("name", s.name());
      n.put("succeeded", s.succeeded());
      n.put("failed", s.failed());
      n.put("cancelled", s.cancelled());
      n.put("unfinished", s.unfinished());
      longs(n.putArray("jct"), s.jct());
      longs(n.putArray("waits"), s.waits());
      ArrayNode restarts = n.putArray("restarts");
      for (int x : s.restarts()) {
        restarts.add(x);
      }
      ArrayNode ettr = n.putArray("ettr");
      for (double x : s.ettr()) {
        ettr.add(Double.doubleToLongBits(x));
      }
      time(n, s.time());
    }
    ArrayNode deadlocks = o.putArray("deadlocks");
    for (Deadlock d : r.deadlocks()) {
      ObjectNode n = deadlocks.addObject();
      n.put("at", d.at());
      ArrayNode js = n.putArray("jobs");
      d.jobs().forEach(js::add);
    }
    ObjectNode causes = o.putObject("interruptionsByCause");
    r.interruptionsByCause().forEach(causes::put);
    FleetStats f = r.fleet();
    ObjectNode fleet = o.putObject("fleet");
    ObjectNode byClass = fleet.putObject("failuresByClass");
    f.failuresByClass().forEach(byClass::put);
    fleet
        .put("fixed", f.fixed())
        .put("falseSuccess", f.falseSuccess())
        .put("beyondRepair", f.beyondRepair())
        .put("healed", f.healed())
        .put("retired", f.retired())
        .put("misdiagnosed", f.misdiagnosed())
        .put("sparesUsed", f.sparesUsed())
        .put("heldBack", f.heldBack())
        .put("recalled", f.recalled())
        .put("exhaustedAt", f.exhaustedAt());
    return o.toString();
  }

  /**
   * A run from {@link #encode} text.
   *
   * @throws IllegalStateException when the text is not such a run (a bug or a version mismatch)
   */
  public static RunResult decode(String text) {
    JsonNode o;
    try {
      o = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("not an encoded run: " + e.getOriginalMessage(), e);
    }
    List<JobResult> jobs = new ArrayList<>();
    for (JsonNode n : o.required("jobs")) {
      List<Optional<String>> nodes = new ArrayList<>();
      for (JsonNode x : n.required("nodes")) {
        nodes.add(x.isNull() ? Optional.empty() : Optional.of(x.asText()));
      }
      jobs.add(
          new JobResult(
              n.required("name").asText(),
              n.required("source").asText(),
              n.required("status").asText(),
              n.required("reason").asText(),
              n.required("submittedAt").asLong(),
              optional(n.required("startedAt")),
              optional(n.required("finishedAt")),
              n.required("restarts").asInt(),
              n.required("replicasStarted").asInt(),
              nodes,
              n.required("interruptions").asInt(),
              time(n.required("time")),
              Double.longBitsToDouble(n.required("availability").asLong())));
    }
    List<SourceResult> sources = new ArrayList<>();
    for (JsonNode n : o.required("sources")) {
      int[] restarts = new int[n.required("restarts").size()];
      for (int i = 0; i < restarts.length; i++) {
        restarts[i] = n.required("restarts").get(i).asInt();
      }
      double[] ettr = new double[n.required("ettr").size()];
      for (int i = 0; i < ettr.length; i++) {
        ettr[i] = Double.longBitsToDouble(n.required("ettr").get(i).asLong());
      }
      sources.add(
          new SourceResult(
              n.required("name").asText(),
              n.required("succeeded").asInt(),
              n.required("failed").asInt(),
              n.required("cancelled").asInt(),
              n.required("unfinished").asInt(),
              longs(n.required("jct")),
              longs(n.required("waits")),
              restarts,
              ettr,
              time(n.required("time"))));
    }
    List<Deadlock> deadlocks = new ArrayList<>();
    for (JsonNode n : o.required("deadlocks")) {
      List<String> js = new ArrayList<>();
      n.required("jobs").forEach(x -> js.add(x.asText()));
      deadlocks.add(new Deadlock(n.required("at").asLong(), js));
    }
    Map<String, Long> causes = new LinkedHashMap<>();
    o.required("interruptionsByCause")
        .fields()
        .forEachRemaining(e -> causes.put(e.getKey(), e.getValue().asLong()));
    JsonNode f = o.required("fleet");
    Map<String, Long> byClass = new LinkedHashMap<>();
    f.required("failuresByClass")
        .fields()
        .forEachRemaining(e -> byClass.put(e.getKey(), e.getValue().asLong()));
    FleetStats fleet =
        new FleetStats(
            byClass,
            f.required("fixed").asLong(),
            f.required("falseSuccess").asLong(),
            f.required("beyondRepair").asLong(),
            f.required("healed").asLong(),
            f.required("retired").asLong(),
            f.required("misdiagnosed").asLong(),
            f.required("sparesUsed").asLong(),
            f.required("heldBack").asLong(),
            f.required("recalled").asLong(),
            f.required("exhaustedAt").asLong(),
            List.of());
    return new RunResult(
        o.required("seed").asLong(),
        o.required("traceHash").asText(),
        o.required("events").asLong(),
        o.required("endTime").asLong(),
        jobs,
        sources,
        Double.longBitsToDouble(o.required("utilization").asLong()),
        deadlocks,
        new Timeline(),
        causes,
        o.required("stoppedEarly").asBoolean(),
        fleet);
  }

  private static void optional(ObjectNode n, String key, Optional<Long> v) {
    if (v.isPresent()) {
      n.put(key, v.get());
    } else {
      n.putNull(key);
    }
  }

  private static Optional<Long> optional(JsonNode n) {
    return n.isNull() ? Optional.empty() : Optional.of(n.asLong());
  }

  private static void time(ObjectNode n, TimeUse t) {
    n.putArray("time")
        .add(t.productive())
        .add(t.queued())
        .add(t.restart())
        .add(t.recomputed())
        .add(t.checkpoint());
  }

  private static TimeUse time(JsonNode a) {
    return new TimeUse(
        a.get(0).asLong(),
        a.get(1).asLong(),
        a.get(2).asLong(),
        a.get(3).asLong(),
        a.get(4).asLong());
  }

  private static void longs(ArrayNode a, long[] values) {
    for (long v : values) {
      a.add(v);
    }
  }

  private static long[] longs(JsonNode a) {
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asLong();
    }
    return out;
  }
}
