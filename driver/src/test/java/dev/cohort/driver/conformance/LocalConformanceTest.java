package dev.cohort.driver.conformance;

import static dev.cohort.driver.conformance.ConformanceCase.Capability.EXIT_CODES;
import static dev.cohort.driver.conformance.ConformanceCase.Capability.LAUNCH_CHECK;
import static dev.cohort.driver.conformance.ConformanceCase.Capability.PROCESS_KILL;
import static dev.cohort.driver.conformance.ConformanceCase.Capability.STOP_GRACE;

import dev.cohort.core.resources.Resources;
import dev.cohort.driver.local.LocalBackend;
import java.util.Map;
import java.util.Set;

/**
 * The local process backend against the contract: virtual nodes on this host, every replica a real
 * process group. It has no node deaths or joins and runs one job per backend.
 */
class LocalConformanceTest extends BackendConformanceTest {

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
    int nodes = c.nodes().stream().mapToInt(ConformanceCase.Nodes::count).sum();
    Resources perNode = Resources.of(c.nodes().get(0).resources());
    return RealTimeRunner.run(
        c,
        (spec, loop) ->
            new LocalBackend(
                spec,
                new LocalBackend.Config(
                    nodes,
                    perNode,
                    out.resolve("logs").resolve(spec.name()),
                    System.out,
                    STOP_GRACE_MILLIS,
                    java.util.UUID.randomUUID().toString()),
                loop,
                Map.of()),
        null,
        30_000);
  }

  @Override
  void assertNothingLeft() throws Exception {
    Leftovers.assertNoChildProcesses();
  }
}
