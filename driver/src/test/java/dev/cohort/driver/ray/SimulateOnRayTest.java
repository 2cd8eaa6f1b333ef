package dev.cohort.driver.ray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohort.driver.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simulate --ray-address local}: replications and sweep cells run as Ray tasks (Ray's
 * single-process mode) and give exactly what a local run gives; nothing is left in /tmp/ray.
 */
class SimulateOnRayTest {
  static final String SWEEP =
      """
      name: ray-sweep
      seed: 3
      horizon: 10d
      cluster:
        nodeGroups: [ { name: gpu, count: 10, resources: { GPU: 8 } } ]
        randomFailures: { mtbf: 5d, repair: 2h }
      jobs:
        - { name: train, replicas: { min: 8, max: 8 }, resources: { GPU: 8 }, maxRestarts: 1000,
            work: { total: 24d, checkpointEvery: 1h, checkpointCost: 2m, restartCost: 5m } }
      arrivals:
        - { name: batch, process: poisson, ratePerHour: 2, count: 20,
            job: { resources: { GPU: 8 }, work: { duration: { median: 1h, sigma: 0.5 } } } }
      sweep:
        jobs.train.work.checkpointEvery: [20m, 2h]
      """;

  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  static Run cohort(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void aSweepAndAStudyOnRayEqualTheLocalRun() throws Exception {
    Set<Path> before = RayBackendTest.sessions();
    Path file = Files.writeString(tmp.resolve("s.yaml"), SWEEP);
    Run local =
        cohort(
            "simulate",
            file.toString(),
            "--replications",
            "3",
            "--out",
            tmp.resolve("l").toString());
    Run ray =
        cohort(
            "simulate",
            file.toString(),
            "--replications",
            "3",
            "--ray-address",
            "local",
            "--out",
            tmp.resolve("r").toString());
    assertEquals(0, local.code(), local.err());
    assertEquals(0, ray.code(), ray.err());
    ObjectMapper m = new ObjectMapper();
    assertEquals(
        m.readTree(tmp.resolve("l/sweep.json").toFile()),
        m.readTree(tmp.resolve("r/sweep.json").toFile()));
    JsonNode l = m.readTree(tmp.resolve("l/cell-002/report.json").toFile());
    JsonNode r = m.readTree(tmp.resolve("r/cell-002/report.json").toFile());
    ((ObjectNode) l).remove("engine");
    ((ObjectNode) r).remove("engine");
    assertEquals(l, r, "every run, trace hash included");

    Path plain =
        Files.writeString(tmp.resolve("p.yaml"), SWEEP.substring(0, SWEEP.indexOf("sweep:")));
    Run studyLocal = cohort("simulate", plain.toString(), "--replications", "4", "--threads", "2");
    Run studyRay =
        cohort("simulate", plain.toString(), "--replications", "4", "--ray-address", "local");
    assertEquals(0, studyRay.code(), studyRay.err());
    assertEquals(tableOnly(studyLocal.out()), tableOnly(studyRay.out()));
    Run find =
        cohort(
            "simulate",
            plain.toString(),
            "--replications",
            "2",
            "--ray-address",
            "local",
            "--find",
            "mean(train.success) >= 50%",
            "--over",
            "cluster.nodeGroups.gpu.count=8..12");
    assertEquals(0, find.code(), find.err());
    assertTrue(find.out().startsWith("smallest cluster.nodeGroups.gpu.count meeting"), find.out());
    assertEquals(before, RayBackendTest.sessions(), "Ray's session folders are cleaned up");
  }

  /** The summary table without its first line (which has the wall time). */
  static String tableOnly(String out) {
    return out.substring(out.indexOf('\n') + 1);
  }
}
