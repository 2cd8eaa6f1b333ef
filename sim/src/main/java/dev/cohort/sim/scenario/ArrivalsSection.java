package dev.cohort.sim.scenario;

import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.JobSpecParser;
import dev.cohort.core.spec.SpecFields;
import dev.cohort.core.spec.SpecNode;
import dev.cohort.core.spec.SpecNode.SpecMap;
import dev.cohort.sim.trace.CheckpointProfile;
import dev.cohort.sim.trace.JobTrace;
import dev.cohort.sim.trace.JobTraceReader;
import dev.cohort.sim.trace.JobTraceSpec;
import dev.cohort.sim.trace.TraceColumnMissing;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One entry of the scenario's {@code arrivals:} list: a Poisson or fixed-interval process, or a
 * recorded job trace.
 */
final class ArrivalsSection {
  private ArrivalsSection() {}

  /** Parses one arrivals entry; trace files are read through {@code files}. */
  static ArrivalSpec parse(SpecNode n, SourceFiles files) {
    SpecMap m =
        n.asMap()
            .allowOnly(
                Set.of(
                    "name",
                    "process",
                    "ratePerHour",
                    "interval",
                    "count",
                    "startAt",
                    "job",
                    "trace"));
    String name = SpecFields.name(m.require("name", "jobs are named <name>-<k>"));
    if (m.has("trace")) {
      return trace(m, name, files);
    }
    ArrivalSpec.Process process =
        m.opt(
                "process",
                x ->
                    x.asChoice(
                        SpecFields.<ArrivalSpec.Process>orderedMap(
                            "poisson",
                            ArrivalSpec.Process.POISSON,
                            "fixed",
                            ArrivalSpec.Process.FIXED)))
            .orElse(ArrivalSpec.Process.POISSON);
    double rate = 0;
    long interval = 0;
    if (process == ArrivalSpec.Process.POISSON) {
      if (m.has("interval")) {
        throw m.require("interval", "")
            .error("'interval' is for process: fixed; a Poisson process takes ratePerHour");
      }
      rate = m.require("ratePerHour", "mean arrivals per hour, > 0").asDouble(0, 1e9, false);
    } else {
      if (m.has("ratePerHour")) {
        throw m.require("ratePerHour", "")
            .error("'ratePerHour' is for process: poisson; a fixed process takes interval");
      }
      interval =
          m.require("interval", "time between arrivals, e.g. 30s (0s = all at once)")
              .asDuration(true);
    }
    int count = m.require("count", "how many jobs arrive").asInt(1, 1_000_000);
    long startAt = m.opt("startAt", x -> x.asDuration(true)).orElse(0L);
    SpecMap job = m.require("job", "the job template (the job schema without a name)").asMap();
    JobSpec template = JobSpecParser.parse(job, Set.of(), Optional.of(name + "-0"));
    ScenarioParser.requireWork(job, template);
    return new ArrivalSpec(name, process, rate, interval, count, startAt, template);
  }

  private static ArrivalSpec trace(SpecMap m, String name, SourceFiles files) {
    for (String k : List.of("process", "ratePerHour", "interval", "count")) {
      if (m.has(k)) {
        throw m.require(k, "")
            .error("'" + k + "' is for generated arrivals; a trace gives the submission times");
      }
    }
    SpecMap t =
        m.require("trace", "")
            .asMap()
            .allowOnly(
                Set.of(
                    "file",
                    "columns",
                    "gpusPerReplica",
                    "window",
                    "timeScale",
                    "durationScale",
                    "limit"));
    SpecMap cols =
        t.require("columns", "which columns hold what: {submit: C, duration: C, gpus: C}")
            .asMap()
            .allowOnly(Set.of("submit", "duration", "gpus"));
    String submit = cols.require("submit", "the column of submission times").asText("a column");
    Optional<String> duration = cols.opt("duration", x -> x.asText("a column"));
    Optional<String> gpus = cols.opt("gpus", x -> x.asText("a column"));
    int perReplica = 1;
    if (gpus.isPresent()) {
      perReplica =
          t.require(
                  "gpusPerReplica",
                  "how many GPUs one replica holds (g GPUs make ceil(g/gpusPerReplica) replicas)")
              .asInt(1, 1_000_000);
    } else if (t.has("gpusPerReplica")) {
      throw t.require("gpusPerReplica", "")
          .error("needs a gpus column (columns: {gpus: ...}) to apply to");
    }
    long from = 0;
    OptionalLong to = OptionalLong.empty();
    Optional<SpecNode> window = t.get("window");
    if (window.isPresent()) {
      SpecMap w = window.get().asMap().allowOnly(Set.of("from", "to"));
      from = w.opt("from", x -> x.asDuration(true)).orElse(0L);
      if (w.has("to")) {
        long end = w.require("to", "").asDuration(false);
        if (end <= from) {
          throw w.require("to", "").error("must be later than 'from'");
        }
        to = OptionalLong.of(end);
      }
    }
    double timeScale = t.opt("timeScale", x -> x.asDouble(0, 1e6, false)).orElse(1.0);
    double durationScale = t.opt("durationScale", x -> x.asDouble(0, 1e6, false)).orElse(1.0);
    if (t.has("durationScale") && duration.isEmpty()) {
      throw t.require("durationScale", "").error("needs a duration column to apply to");
    }
    OptionalLong limit =
        t.opt("limit", x -> OptionalLong.of(x.asInt(1, Integer.MAX_VALUE)))
            .orElse(OptionalLong.empty());
    long startAt = m.opt("startAt", x -> x.asDuration(true)).orElse(0L);

    SpecMap job = m.require("job", "the job template (the job schema without a name)").asMap();
    Optional<CheckpointProfile> checkpoint = Optional.empty();
    SpecMap rest = job;
    if (duration.isPresent() && job.has("work")) {
      checkpoint = Optional.of(checkpointProfile(job.require("work", "")));
      rest = job.without("work");
    }
    if (gpus.isPresent()) {
      if (job.has("replicas")) {
        throw job.require("replicas", "")
            .error("is set by the trace's gpus column (ceil(gpus / gpusPerReplica) replicas)");
      }
      if (job.has("resources") && job.require("resources", "").asMap().has("GPU")) {
        throw job.require("resources", "")
            .asMap()
            .require("GPU", "")
            .error("is set by the trace's gpus column (an even share per replica)");
      }
    }
    JobSpec template = JobSpecParser.parse(rest, Set.of(), Optional.of(name + "-0"));
    if (duration.isEmpty()) {
      ScenarioParser.requireWork(job, template);
    }
    JobTraceSpec spec =
        new JobTraceSpec(
            submit,
            duration,
            gpus,
            perReplica,
            checkpoint,
            from,
            to,
            timeScale,
            durationScale,
            limit);
    SpecNode fileNode = t.require("file", "the trace file (CSV with a header row)");
    Path path = files.resolve(fileNode);
    JobTrace trace;
    try {
      trace =
          files.cached(
              List.of("jobs", path, spec),
              () -> JobTraceReader.read(spec, path, files.display(path)));
    } catch (TraceColumnMissing e) {
      throw cols.require(e.key(), "").error(e.getMessage());
    }
    if (trace.size() == 0) {
      throw fileNode.error(
          window.isPresent() ? "has no jobs in the window" : "has no jobs (only a header row)");
    }
    return new ArrivalSpec(
        name, ArrivalSpec.Process.TRACE, 0, 0, trace.size(), startAt, template, Optional.of(trace));
  }

  /** {@code job.work} of a trace that gives run times: how its jobs checkpoint. */
  private static CheckpointProfile checkpointProfile(SpecNode n) {
    SpecMap w = n.asMap();
    for (String k : List.of("duration", "total")) {
      if (w.has(k)) {
        throw w.require(k, "")
            .error(
                "is set by the trace's duration column; here give only how the jobs checkpoint:"
                    + " {checkpointEvery, checkpointCost, restartCost}");
      }
    }
    w.allowOnly(Set.of("checkpointEvery", "checkpointCost", "restartCost"));
    long every = w.require("checkpointEvery", "compute between checkpoints, > 0").asDuration(false);
    long cost = w.opt("checkpointCost", x -> x.asDuration(true)).orElse(0L);
    long restart = w.opt("restartCost", x -> x.asDuration(true)).orElse(0L);
    return new CheckpointProfile(every, cost, restart);
  }
}
