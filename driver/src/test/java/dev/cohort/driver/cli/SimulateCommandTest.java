package dev.cohort.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
  static final String BUSY =
      """
      name: busy
      seed: 3
      horizon: 2d
      cluster:
        nodeGroups: [ { name: w, count: 8, resources: { CPU: 4, GPU: 1 }, labels: { rack: r1 } } ]
        randomFailures: { mtbf: 1d, repair: { median: 20m, sigma: 0.5 } }
      jobs:
        - { name: big, replicas: { min: 2, max: 4 }, resources: { GPU: 1 },
            work: { total: 10h, checkpointEvery: 30m, checkpointCost: 1m, restartCost: 2m } }
        - { name: late, submitAt: 3d, work: { duration: 1h } }
      arrivals:
        - { name: batch, process: fixed, interval: 20m, count: 30,
            job: { resources: { GPU: 1 }, work: { duration: { median: 1h, sigma: 0.4 } } } }
      """;

  @TempDir Path tmp;

  private static double sum(JsonNode o) {
    double t = 0;
    for (JsonNode v : o) {
      t += v.asDouble();
    }
    return t;
  }

  @Test
  void reportJsonFollowsTheDesignContract() throws IOException {
    Path file = Files.writeString(tmp.resolve("busy.yaml"), BUSY);
    Path out = tmp.resolve("report");
    CliRunner r =
        CliRunner.run("simulate", file.toString(), "--replications", "5", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("big"), r.out());
    JsonNode root = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertEquals(
        List.of(
            "scenario",
            "replications",
            "seed",
            "jobs",
            "interruptionsByCause",
            "runs",
            "cluster",
            "engine"),
        names(root));
    assertEquals("busy", root.get("scenario").asText());
    assertEquals(5, root.get("replications").asInt());
    assertEquals(3, root.get("seed").asLong());
    assertEquals(3, root.get("jobs").size(), "big, late and the batch arrivals");
    JsonNode big = root.get("jobs").get(0);
    assertEquals(
        List.of(
            "name",
            "succeeded",
            "failed",
            "cancelled",
            "unfinished",
            "jct",
            "wait",
            "restarts",
            "ettr",
            "availability",
            "timeShares"),
        names(big));
    assertEquals(List.of("mean", "ci95Low", "ci95High", "p50"), names(big.get("ettr")));
    assertEquals(List.of("mean", "ci95Low", "ci95High", "p50"), names(big.get("availability")));
    assertEquals(
        List.of("productive", "queued", "restart", "recomputed", "checkpoint"),
        names(big.get("timeShares")));
    double shares = 0;
    for (JsonNode v : big.get("timeShares")) {
      shares += v.asDouble();
    }
    assertEquals(1.0, shares, 1e-9, "the parts of the time add up");
    assertEquals(
        List.of("mean", "p50", "p90", "p99", "ci95Low", "ci95High"), names(big.get("jct")));
    assertEquals(List.of("mean", "p50", "p90", "p99"), names(big.get("wait")));
    assertEquals(List.of("mean", "max"), names(big.get("restarts")));
    JsonNode batch = root.get("jobs").get(2);
    assertEquals("batch", batch.get("name").asText());
    assertEquals(
        150,
        batch.get("succeeded").asInt()
            + batch.get("failed").asInt()
            + batch.get("unfinished").asInt()
            + batch.get("cancelled").asInt());
    JsonNode late = root.get("jobs").get(1);
    assertEquals(5, late.get("unfinished").asInt(), "submitted after the horizon");
    assertTrue(late.get("jct").get("mean").isNull());

    JsonNode runs = root.get("runs");
    assertEquals(5, runs.size());
    for (int i = 0; i < 5; i++) {
      JsonNode run = runs.get(i);
      assertEquals(
          List.of("seed", "traceHash", "events", "interruptionsByCause", "jobs"), names(run));
      assertEquals(3 + i, run.get("seed").asLong());
      assertEquals(1, run.get("jobs").size(), "declared jobs only; 'late' never submitted");
      JsonNode j = run.get("jobs").get(0);
      assertEquals(
          List.of(
              "name",
              "status",
              "submittedAt",
              "startedAt",
              "finishedAt",
              "restarts",
              "replicasStarted",
              "interruptions",
              "ettr",
              "time",
              "nodes"),
          names(j));
      double wall = sum(j.get("time"));
      double end = j.get("finishedAt").isNull() ? 2 * 86400 : j.get("finishedAt").asDouble();
      assertEquals(end - j.get("submittedAt").asDouble(), wall, 1e-6, "the parts add up");
      assertEquals(
          j.get("time").get("productive").asDouble() / wall, j.get("ettr").asDouble(), 1e-9);
      assertEquals(List.of("random"), names(run.get("interruptionsByCause")));
      assertEquals(4, j.get("nodes").size(), "one entry per replica index");
    }
    assertEquals(List.of("utilization"), names(root.get("cluster")));
    assertEquals(List.of("events", "wallSeconds", "eventsPerSecond"), names(root.get("engine")));
    for (String f : List.of("report.md", "node-timeline.png", "jct-cdf.png", "queue-wait.png")) {
      assertTrue(Files.size(out.resolve(f)) > 1000, f);
    }
    try (var s = Files.list(tmp)) {
      assertTrue(
          s.noneMatch(p -> p.getFileName().toString().startsWith(".report.tmp")),
          "no temporary left");
    }
  }

  @Test
  void threadCountDoesNotChangeTheResults() throws IOException {
    Path file = Files.writeString(tmp.resolve("busy.yaml"), BUSY);
    Path one = tmp.resolve("one");
    Path two = tmp.resolve("two");
    assertEquals(
        0,
        CliRunner.run(
                "simulate",
                file.toString(),
                "--replications",
                "6",
                "--threads",
                "1",
                "--out",
                one.toString())
            .code());
    assertEquals(
        0,
        CliRunner.run(
                "simulate",
                file.toString(),
                "--replications",
                "6",
                "--threads",
                "2",
                "--out",
                two.toString())
            .code());
    JsonNode a = new ObjectMapper().readTree(one.resolve("report.json").toFile());
    JsonNode b = new ObjectMapper().readTree(two.resolve("report.json").toFile());
    assertEquals(a.get("jobs"), b.get("jobs"));
    assertEquals(a.get("runs"), b.get("runs"));
    assertEquals(a.get("cluster"), b.get("cluster"));
  }

  @Test
  void validateExplainVersionAndTrace() throws IOException {
    CliRunner v = CliRunner.run("validate", "../examples/capacity-planning.yaml");
    assertEquals(0, v.code(), v.err());
    assertTrue(
        v.out()
            .startsWith(
                "ok: ../examples/capacity-planning.yaml: scenario 'capacity-planning': 4 node group(s), 64 node(s)"),
        v.out());
    CliRunner e = CliRunner.run("explain");
    assertTrue(e.out().contains("digraph replica") && e.out().contains("digraph job"));
    assertEquals(0, CliRunner.run("--version").code());
    Path trace = tmp.resolve("trace.jsonl");
    assertEquals(
        0,
        CliRunner.run("simulate", "../examples/starvation.yaml", "--trace", trace.toString())
            .code());
    List<String> lines = Files.readAllLines(trace);
    assertTrue(lines.size() > 10 && lines.get(0).startsWith("{\"t\":0,"), lines.get(0));
  }

  @Test
  void everyExampleFileValidatesAndTheJobExampleDryRuns() throws IOException {
    try (var files = Files.list(Path.of("..", "examples"))) {
      List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      assertTrue(yaml.size() >= 5, yaml.toString());
      for (Path f : yaml) {
        CliRunner v = CliRunner.run("validate", f.toString());
        assertEquals(0, v.code(), f + ": " + v.err());
        assertTrue(v.out().startsWith("ok: "), v.out());
      }
    }
    CliRunner d =
        CliRunner.run("run", "../examples/train-job.yaml", "--dry-run", "--replications", "20");
    assertEquals(0, d.code(), d.err());
    assertTrue(d.out().contains("dry run of job train on 3 node(s)"), d.out());
  }

  private static List<String> names(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
