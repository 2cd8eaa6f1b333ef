package dev.cohort.sim.scenario;

import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.Distribution;
import dev.cohort.core.spec.Durations;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.sim.gcs.GcsConfig;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The scenario {@code cohort run --dry-run} simulates: the job alone, submitted at 0 on the nodes
 * the real run would use, with Ray's GCS defaults and, if asked, random node failures. Every
 * assumption is a parameter with a named default, so the report can say what was assumed.
 */
public final class DryRunScenario {
  private DryRunScenario() {}

  /** How long a failed node stays down when nothing else is said: 10 minutes. */
  public static final long DEFAULT_REPAIR = 10 * Durations.MICROS_PER_MINUTE;

  /** How far a dry run looks when nothing else is said: 30 days. */
  public static final long DEFAULT_HORIZON = 30 * Durations.MICROS_PER_DAY;

  /**
   * What a dry run assumes about the cluster.
   *
   * @param nodes identical nodes, named {@code local-<i>}
   * @param perNode resources of each node
   * @param mtbf mean time between failures of each node (exponential), if nodes fail at all
   * @param repair how long a failed node stays down
   * @param horizon how far the simulation looks
   */
  public record Assumptions(
      int nodes, Resources perNode, Optional<Long> mtbf, long repair, long horizon) {}

  /** The scenario for {@code job} under {@code a}, with {@code seed}. */
  public static Scenario of(JobSpec job, long seed, Assumptions a) {
    List<RandomFailureSpec> failures =
        a.mtbf()
            .map(
                m ->
                    List.of(
                        new RandomFailureSpec(
                            new Distribution.Exponential(m),
                            new Distribution.Fixed(a.repair()),
                            Optional.<String>empty())))
            .orElse(List.of());
    return new Scenario(
        job.name() + "-dry-run",
        seed,
        a.horizon(),
        GcsConfig.DEFAULTS,
        List.of(new NodeGroupSpec("local", a.nodes(), a.perNode(), new TreeMap<>(), 0)),
        List.of(),
        failures,
        List.of(new ScenarioJob(0, job)),
        List.of());
  }
}
