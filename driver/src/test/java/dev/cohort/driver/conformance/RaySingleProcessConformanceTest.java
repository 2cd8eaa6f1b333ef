package dev.cohort.driver.conformance;

import static dev.cohort.driver.conformance.ConformanceCase.Capability.EXIT_CODES;
import static dev.cohort.driver.conformance.ConformanceCase.Capability.LAUNCH_CHECK;
import static dev.cohort.driver.conformance.ConformanceCase.Capability.PROCESS_KILL;
import static dev.cohort.driver.conformance.ConformanceCase.Capability.STOP_GRACE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cohort.driver.ray.CommandActor;
import dev.cohort.driver.ray.RayBackend;
import dev.cohort.driver.ray.RayJavaClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The Ray adapter on Ray's own runtime in single-process mode. There every group is placed at once
 * and no node can die, so only the process-level cases run; the session folder Ray writes under
 * /tmp/ray must be gone afterwards.
 */
class RaySingleProcessConformanceTest extends BackendConformanceTest {
  static RayJavaClient ray;
  static Set<Path> before;

  static Set<Path> sessions() throws Exception {
    Path root = Path.of("/tmp/ray");
    if (!Files.isDirectory(root)) {
      return Set.of();
    }
    try (var s = Files.list(root)) {
      return s.collect(Collectors.toSet());
    }
  }

  @BeforeAll
  static void startRay() throws Exception {
    before = sessions();
    ray = RayJavaClient.connect("local");
  }

  @AfterAll
  static void stopRay() throws Exception {
    ray.close();
    List<Path> left =
        sessions().stream()
            .filter(p -> !before.contains(p))
            .filter(p -> p.getFileName().toString().startsWith("session_local_mode"))
            .toList();
    assertEquals(List.of(), left, "Ray session folders left behind");
  }

  @Override
  Set<ConformanceCase.Capability> capabilities() {
    return Set.of(EXIT_CODES, PROCESS_KILL, STOP_GRACE, LAUNCH_CHECK);
  }

  @Override
  boolean realProcesses() {
    return true;
  }

  @Override
  Observed run(ConformanceCase c) throws Exception {
    return RealTimeRunner.run(
        c,
        (spec, loop) ->
            new RayBackend(
                spec, loop, ray, new RayBackend.Config(STOP_GRACE_MILLIS, Map.of(), false)),
        null,
        30_000);
  }

  @Override
  void assertNothingLeft() throws Exception {
    assertEquals(0, CommandActor.liveProcesses(), "command actors still hold processes");
    Leftovers.assertNoChildProcesses();
  }
}
