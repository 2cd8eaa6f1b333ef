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

class SweepCommandTest {
  static final String CKPT =
      """
      name: ckpt
      seed: 5
      horizon: 20d
      cluster:
        nodeGroups: [ { name: gpu, count: 34, resources: { GPU: 8 } } ]
        randomFailures: { mtbf: 10d, repair: { median: 2h, sigma: 0.5 } }
      jobs:
        - { name: train, replicas: { min: 32, max: 32 }, resources: { GPU: 8 }, maxRestarts: 10000,
            rendezvousTimeout: 2d,
            work: { total: 96d, checkpointEvery: 1h, checkpointCost: 2m, restartCost: 5m } }
      sweep:
        jobs.train.work.checkpointEvery: [15m, 45m, 2h]
      """;

  @TempDir Path tmp;

  @Test
  void aSweepWritesSweepJsonWithTheReportsJobsAndSweepMdWithTheOptima() throws IOException {
    Path file = Files.writeString(tmp.resolve("ckpt.yaml"), CKPT);
    Path out = tmp.resolve("out");
    CliRunner r =
        CliRunner.run(
            "simulate",
            file.toString(),
            "--replications",
            "3",
            "--set",
            "cluster.nodeGroups.gpu.count=32,36",
            "--maximize",
            "mean(train.ettr)",
            "--out",
            out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("6 cell(s) x 3 replication(s)"), r.out());
    assertTrue(
        r.out().contains("checkpoint interval at cluster.nodeGroups.gpu.count=32: Young"), r.out());
    assertTrue(r.out().contains("<- best"), r.out());
    JsonNode sweep = new ObjectMapper().readTree(out.resolve("sweep.json").toFile());
    List<String> params = new ArrayList<>();
    sweep.get("parameters").forEach(p -> params.add(p.asText()));
    assertEquals(
        List.of("jobs.train.work.checkpointEvery", "cluster.nodeGroups.gpu.count"), params);
    assertEquals(6, sweep.get("cells").size());
    JsonNode first = sweep.get("cells").get(0);
    assertEquals("15m", first.get("values").get("jobs.train.work.checkpointEvery").asText());
    assertEquals("32", first.get("values").get("cluster.nodeGroups.gpu.count").asText());
    JsonNode report = new ObjectMapper().readTree(out.resolve("cell-001/report.json").toFile());
    assertEquals(
        report.get("jobs"), first.get("jobs"), "per-job summary exactly as in report.json");
    assertTrue(first.get("cluster").has("utilization"));
    assertTrue(first.get("checkpointOptimum").get("young").asDouble() > 0);
    String md = Files.readString(out.resolve("sweep.md"));
    assertTrue(md.contains("## Checkpoint interval: formulas and simulation"), md);
    assertTrue(md.contains("sweep-train-heatmap.png"), md);
    assertTrue(Files.size(out.resolve("sweep-train-ettr.png")) > 1000);
  }

  @Test
  void theSameSweepGivesTheSameNumbersOnAnyThreadCount() throws IOException {
    Path file = Files.writeString(tmp.resolve("ckpt.yaml"), CKPT);
    CliRunner one =
        CliRunner.run("simulate", file.toString(), "--replications", "4", "--threads", "1");
    CliRunner two =
        CliRunner.run("simulate", file.toString(), "--replications", "4", "--threads", "2");
    assertEquals(0, one.code(), one.err());
    assertEquals(one.out(), two.out());
  }

  @Test
  void badSweepsAreOneLineNamingThePathAndWhatExists() throws IOException {
    Path file = Files.writeString(tmp.resolve("ckpt.yaml"), CKPT);
    CliRunner r = CliRunner.run("simulate", file.toString(), "--set", "jobs.tran.maxRestarts=1");
    assertEquals(2, r.code());
    assertEquals(
        "error: --set jobs.tran.maxRestarts=1: 'jobs' has no entry named 'tran'; its entries are"
            + " train\n",
        r.err());
    CliRunner zero =
        CliRunner.run("simulate", file.toString(), "--set", "cluster.nodeGroups.gpu.count=0");
    assertEquals(2, zero.code());
    assertTrue(zero.err().startsWith("error: " + file + ":5:"), zero.err());
    assertTrue(
        zero.err()
            .endsWith(
                "(in the sweep cell jobs.train.work.checkpointEvery=15m, cluster.nodeGroups.gpu.count=0)\n"),
        zero.err());
    CliRunner min =
        CliRunner.run(
            "simulate",
            file.toString(),
            "--minimize",
            "mean(jct)",
            "--set",
            "jobs.train.maxRestarts=1");
    assertEquals(0, min.code(), min.err());
    CliRunner metric = CliRunner.run("simulate", file.toString(), "--minimize", "mean(speed)");
    assertEquals(2, metric.code());
    assertEquals(
        "error: --minimize: 'speed' in mean(speed) is not a quantity; allowed: jct, wait,"
            + " restarts, ettr, success, availability\n",
        metric.err());
  }

  @Test
  void findReportsTheSmallestValueWithItsConfidence() throws IOException {
    Path file = Files.writeString(tmp.resolve("ckpt.yaml"), CKPT);
    CliRunner r =
        CliRunner.run(
            "simulate",
            file.toString(),
            "--replications",
            "2",
            "--find",
            "mean(train.success) >= 100%",
            "--over",
            "cluster.nodeGroups.gpu.count=32..40");
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out()
            .startsWith(
                "smallest cluster.nodeGroups.gpu.count meeting mean(train.success) >= 100%: "),
        r.out());
    assertTrue(r.out().contains("runs meet it on their own (95% interval"), r.out());
    assertTrue(r.err().contains("probe cluster.nodeGroups.gpu.count=40"), r.err());
    CliRunner alone = CliRunner.run("simulate", file.toString(), "--find", "p90(wait) < 1h");
    assertEquals(2, alone.code());
    assertTrue(alone.err().startsWith("error: --find and --over go together"), alone.err());
  }
}
