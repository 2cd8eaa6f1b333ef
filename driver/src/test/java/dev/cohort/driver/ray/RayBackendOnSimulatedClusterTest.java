package dev.cohort.driver.ray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.core.job.JobController;
import dev.cohort.core.port.JobOutcome;
import dev.cohort.core.port.PgId;
import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.driver.runtime.RuntimeLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ray-adapter paths that only Ray can produce, on the simulated cluster: a group Ray refuses, and
 * the stop grace deciding whether a replica's shutdown may finish. (The paths every backend shares
 * are in the conformance suites.)
 */
class RayBackendOnSimulatedClusterTest {
  static final Path SCRIPT = Path.of("src/test/resources/scripts/conformance.sh").toAbsolutePath();

  @TempDir Path out;
  final SimulatedRayCluster cluster = new SimulatedRayCluster(SimulatedRayCluster.fastGcs());

  @AfterEach
  void close() {
    cluster.close();
  }

  JobSpec job(String name, int n, Map<String, String> env) {
    java.util.TreeMap<String, String> e = new java.util.TreeMap<>(env);
    e.put("OUT_DIR", out.toString());
    return JobSpec.builder(name)
        .replicas(n, n)
        .resources(Resources.of("CPU", 1))
        .command(List.of("bash", SCRIPT.toString()))
        .env(e)
        .build();
  }

  RuntimeLoop.Outcome run(
      JobSpec spec, long graceMillis, java.util.function.BiConsumer<RuntimeLoop, RayBackend> plan)
      throws Exception {
    RuntimeLoop loop = new RuntimeLoop();
    RayBackend backend =
        new RayBackend(spec, loop, cluster, new RayBackend.Config(graceMillis, Map.of(), false));
    plan.accept(loop, backend);
    try {
      return loop.run(new JobController(spec), backend);
    } finally {
      backend.close();
    }
  }

  @Test
  void aGroupRayRefusesFailsTheJobWithRaysReason() throws Exception {
    cluster.addNodes("worker", 2, Map.of("CPU", 1.0));
    // Another driver already runs a job of this name: its gang group holds the name.
    cluster.createGroup(
        RayBackend.groupName(new PgId("dup", 0)), List.of(Map.of("CPU", 1.0)), "PACK");
    RuntimeLoop.Outcome o = run(job("dup", 1, Map.of()), 1_000, (l, b) -> {});
    assertEquals(JobOutcome.FAILED, o.outcome());
    assertEquals(
        "placement group dup/pg0 refused: Failed to create placement group 'dup-pg0' because name"
            + " is already taken",
        o.reason());
    assertEquals(0, o.replicasStarted());
    assertEquals(List.of("dup-pg0"), cluster.liveGroups(), "the other driver's group is untouched");
  }

  @Test
  void aShortStopGraceCutsAReplicasShutdownShort() throws Exception {
    cluster.addNodes("worker", 2, Map.of("CPU", 1.0));
    // Replica 1 needs 2.5 s to shut down; the grace is 0.5 s, so SIGKILL ends it first.
    RuntimeLoop.Outcome o =
        run(
            job("short", 2, Map.of("SLEEP", "2.0", "TERM_GRACE", "2.5")),
            500,
            (loop, backend) -> loop.later(500_000, () -> backend.killReplica(0)));
    assertEquals(JobOutcome.SUCCEEDED, o.outcome(), o.reason());
    assertTrue(Files.exists(out.resolve("env-r1.1")), "replica 1 restarted with the group");
    assertFalse(Files.exists(out.resolve("term-r1.0")), "its shutdown was cut short");
    assertEquals(0, cluster.orphanedProcesses());
    assertEquals(0, CommandActor.liveProcesses());
  }

  @Test
  void rolesOfDifferentShapesArePlacedOnNodesThatFitThemWithTheirOwnCommandsAndEnv()
      throws Exception {
    cluster.addNodes("gpu", 2, Map.of("CPU", 4.0, "GPU", 1.0));
    cluster.addNodes("cpu", 1, Map.of("CPU", 2.0));
    java.util.function.Function<String, dev.cohort.core.spec.Role> trainer =
        shard ->
            new dev.cohort.core.spec.Role(
                "trainer",
                1,
                List.of("bash", SCRIPT.toString()),
                new java.util.TreeMap<>(Map.of("SHARD", shard)),
                Resources.of("CPU", 2, "GPU", 1));
    dev.cohort.core.spec.Role reader =
        new dev.cohort.core.spec.Role(
            "reader",
            1,
            List.of("bash", SCRIPT.toString()),
            new java.util.TreeMap<>(Map.of("READER", "1")),
            Resources.of("CPU", 1.5));
    JobSpec spec =
        job("roles", 3, Map.of("SLEEP", "0.3")).toBuilder()
            .roles(List.of(trainer.apply("0"), trainer.apply("1"), reader))
            .build();
    RuntimeLoop.Outcome o = run(spec, 1_000, (l, b) -> {});
    assertEquals(JobOutcome.SUCCEEDED, o.outcome(), o.reason());
    Map<String, String> r1 = envFile("r1.0");
    Map<String, String> r2 = envFile("r2.0");
    assertEquals("1", r1.get("SHARD"));
    assertEquals("trainer", r1.get("COHORT_ROLE"));
    assertEquals("1", r2.get("READER"));
    assertEquals(null, r2.get("SHARD"), "each replica has its own env");
    assertTrue(r1.get("COHORT_NODE").contains("gpu"), "a trainer needs a GPU node: " + r1);
  }

  Map<String, String> envFile(String tag) throws Exception {
    Map<String, String> m = new java.util.TreeMap<>();
    for (String line : Files.readAllLines(out.resolve("env-" + tag))) {
      int eq = line.indexOf('=');
      m.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return m;
  }
}
