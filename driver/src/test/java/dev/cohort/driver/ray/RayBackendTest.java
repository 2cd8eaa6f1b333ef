package dev.cohort.driver.ray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.core.job.JobController;
import dev.cohort.core.port.JobOutcome;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.driver.runtime.RuntimeLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Ray backend in Ray's single-process mode, with real subprocesses as replicas. */
class RayBackendTest {
  static final Path SCRIPT = Path.of("src/test/resources/scripts/replica.sh").toAbsolutePath();
  static RayJavaClient ray;

  @TempDir Path tmp;

  /** Prints transitions into the test output (kept: it is what a reader of a failure needs). */
  static final dev.cohort.core.job.TransitionObserver PRINT =
      new dev.cohort.core.job.TransitionObserver() {
        @Override
        public void replica(
            long at,
            dev.cohort.core.port.ReplicaId r,
            dev.cohort.core.job.ReplicaState f,
            dev.cohort.core.job.ReplicaState t,
            String why) {
          System.out.printf("t=%dus %s %s -> %s (%s)%n", at, r, f, t, why);
        }

        @Override
        public void job(
            long at,
            String job,
            dev.cohort.core.job.JobState f,
            dev.cohort.core.job.JobState t,
            String why) {
          System.out.printf("t=%dus %s %s -> %s (%s)%n", at, job, f, t, why);
        }
      };

  static Set<Path> before;

  @BeforeAll
  static void startRay() throws Exception {
    before = sessions();
    ray = RayJavaClient.connect("local");
  }

  static Set<Path> sessions() throws Exception {
    Path root = Path.of("/tmp/ray");
    if (!Files.isDirectory(root)) {
      return Set.of();
    }
    try (var s = Files.list(root)) {
      return s.collect(java.util.stream.Collectors.toSet());
    }
  }

  @AfterAll
  static void stopRayAndCleanUp() throws Exception {
    ray.close();
    Path root = Path.of("/tmp/ray");
    if (Files.isDirectory(root)) {
      try (var s = Files.list(root)) {
        List<Path> left =
            s.filter(
                    p ->
                        !before.contains(p)
                            && p.getFileName().toString().startsWith("session_local_mode"))
                .toList();
        assertTrue(left.isEmpty(), "session folders left behind: " + left);
      }
    }
  }

  JobSpec job(String name, int n, Map<String, String> env) {
    java.util.TreeMap<String, String> e = new java.util.TreeMap<>(env);
    e.put("OUT_DIR", tmp.toString());
    return JobSpec.builder(name)
        .replicas(n, n)
        .command(List.of("bash", SCRIPT.toString()))
        .env(e)
        .build();
  }

  RuntimeLoop.Outcome run(JobSpec spec, java.util.function.BiConsumer<RuntimeLoop, RayBackend> plan)
      throws Exception {
    RuntimeLoop loop = new RuntimeLoop();
    RayBackend backend =
        new RayBackend(spec, loop, ray, new RayBackend.Config(2_000, Map.of(), false));
    plan.accept(loop, backend);
    try {
      return loop.run(new JobController(spec, PRINT), backend);
    } finally {
      backend.close();
    }
  }

  @Test
  void aGangJobRunsRealSubprocessesToSuccess() throws Exception {
    RuntimeLoop.Outcome o = run(job("rgang", 2, Map.of("SLEEP", "0.3")), (l, r) -> {});
    assertEquals(JobOutcome.SUCCEEDED, o.outcome(), o.reason());
    assertTrue(Files.readString(tmp.resolve("env-r1.0")).contains("COHORT_NNODES=2:2"));
    String host = java.net.InetAddress.getLocalHost().getHostAddress();
    String env0 = Files.readString(tmp.resolve("env-r0.0"));
    assertTrue(
        env0.contains("COHORT_RANK0_HOST=" + host + "\n"),
        "rank 0's address as its bundle's actor reported it: " + env0);
    assertTrue(env0.contains("COHORT_RDZV_ENDPOINT=" + host + ":"), env0);
  }

  @Test
  void aNonZeroExitTakesTheFailingPath() throws Exception {
    RuntimeLoop.Outcome o =
        run(job("rflaky", 1, Map.of("EXIT_ON_ATTEMPT0", "3", "SLEEP", "0.1")), (l, r) -> {});
    assertEquals(JobOutcome.SUCCEEDED, o.outcome(), o.reason());
    assertEquals(1, o.restarts());
    assertTrue(Files.exists(tmp.resolve("env-r0.1")));
  }

  @Test
  void anInjectedActorLossRestartsTheReplicaInItsBundle() throws Exception {
    boolean[] hit = {false};
    RuntimeLoop.Outcome o =
        run(
            job("rloss", 2, Map.of("SLEEP", "1.5")),
            (loop, backend) -> loop.later(600_000, () -> hit[0] = backend.killReplica(1)));
    assertTrue(hit[0], "the replica was running when the loss was injected");
    assertEquals(JobOutcome.SUCCEEDED, o.outcome(), o.reason());
    assertEquals(1, o.restarts());
    assertTrue(Files.exists(tmp.resolve("env-r1.1")));
    assertFalse(Files.exists(tmp.resolve("env-r0.1")), "replica 0 was not touched");
  }
}
