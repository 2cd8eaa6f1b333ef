package dev.cohort.sim.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohort.core.spec.Durations;
import dev.cohort.sim.sweep.CheckpointOptimum;
import dev.cohort.sim.sweep.SweepParameter;
import dev.cohort.sim.sweep.SweepPlan;
import dev.cohort.sim.sweep.SweepResult;
import java.util.Optional;

/**
 * {@code sweep.json}: {@code {"parameters": [PATH, …], "replications", "seed", "cells": [{"values":
 * {PATH: VALUE}, "jobs": [as in report.json], "cluster": {…}}]}}; a cell of a checkpoint sweep also
 * has {@code checkpointOptimum} (Young's and Daly's intervals in seconds).
 */
public final class SweepJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SweepJson() {}

  /** The document as a tree. */
  public static ObjectNode build(SweepResult r) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("scenario", r.plan().base().name());
    ArrayNode params = root.putArray("parameters");
    for (SweepParameter p : r.plan().parameters()) {
      params.add(p.path());
    }
    root.put("replications", r.replications());
    root.put("seed", r.baseSeed());
    ArrayNode cells = root.putArray("cells");
    for (int i = 0; i < r.summaries().size(); i++) {
      SweepPlan.Cell cell = r.plan().cells().get(i);
      Summary s = r.summary(i);
      ObjectNode c = cells.addObject();
      ObjectNode values = c.putObject("values");
      cell.values().forEach(values::put);
      ReportJson.jobs(c.putArray("jobs"), s);
      ObjectNode cluster = c.putObject("cluster");
      cluster.put("utilization", s.utilization());
      cluster.put("runsWithGangDeadlock", s.deadlockRuns());
      ReportJson.interruptions(cluster.putObject("interruptionsByCause"), s);
      for (SweepParameter p : r.plan().parameters()) {
        Optional<CheckpointOptimum> o = CheckpointOptimum.forPath(cell.scenario(), p.path());
        if (o.isPresent()) {
          ObjectNode opt = c.putObject("checkpointOptimum");
          opt.put("path", p.path());
          opt.put("young", Durations.seconds(o.get().youngMicros()));
          opt.put("daly", Durations.seconds(o.get().dalyMicros()));
          opt.put("meanTimeBetweenInterruptions", Durations.seconds(o.get().mtbiMicros()));
          opt.put("checkpointCost", Durations.seconds(o.get().costMicros()));
          break;
        }
      }
    }
    return root;
  }

  /** The document as indented text. */
  public static String render(SweepResult r) {
    try {
      return MAPPER.writeValueAsString(build(r)) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
