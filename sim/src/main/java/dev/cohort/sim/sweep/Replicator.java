package dev.cohort.sim.sweep;

import dev.cohort.sim.run.MonteCarlo;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.scenario.Scenario;
import java.util.function.IntConsumer;

/**
 * Where the replications of one scenario run: on this machine's threads, or as tasks on a cluster
 * (Ray). Either way the runs come back in seed order and are the same runs, so a study does not
 * depend on where it ran.
 */
@FunctionalInterface
public interface Replicator {
  /**
   * Runs seeds {@code seed … seed+replications−1} of {@code scenario} (which {@code source}
   * describes, for runners that rebuild it elsewhere), reporting finished replications.
   */
  MonteCarlo.Study run(
      Scenario scenario, ScenarioSource source, int replications, long seed, IntConsumer progress);

  /** On {@code threads} local threads. */
  static Replicator local(int threads, SimOptions options) {
    return (scenario, source, replications, seed, progress) ->
        MonteCarlo.run(scenario, replications, seed, threads, options, progress);
  }
}
