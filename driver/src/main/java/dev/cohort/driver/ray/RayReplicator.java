package dev.cohort.driver.ray;

import dev.cohort.sim.run.MonteCarlo;
import dev.cohort.sim.run.RunControl;
import dev.cohort.sim.run.RunResult;
import dev.cohort.sim.run.RunResultJson;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.sweep.Replicator;
import dev.cohort.sim.sweep.ScenarioSource;
import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Runs replications as Ray tasks ({@link SimulationTask}), one per seed, all submitted at once and
 * collected in seed order, so a study is the same as on local threads. Ray must be initialised
 * ({@link RayJavaClient#connect}). A stop request (Ctrl-C) stops waiting for the rest; tasks
 * already submitted finish on the cluster and are dropped.
 */
public final class RayReplicator implements Replicator {
  private final RunControl control;

  public RayReplicator(RunControl control) {
    this.control = control;
  }

  @Override
  public MonteCarlo.Study run(
      Scenario scenario, ScenarioSource source, int replications, long seed, IntConsumer progress) {
    long start = System.nanoTime();
    String json = source.toJson();
    List<ObjectRef<String>> refs = new ArrayList<>(replications);
    for (int i = 0; i < replications; i++) {
      refs.add(Ray.task(SimulationTask::run, json, Long.toString(seed + i)).remote());
    }
    List<RunResult> runs = new ArrayList<>(replications);
    for (ObjectRef<String> ref : refs) {
      if (control.stopRequested()) {
        break;
      }
      runs.add(RunResultJson.decode(ref.get()));
      progress.accept(runs.size());
    }
    return new MonteCarlo.Study(
        scenario, seed, List.copyOf(runs), (System.nanoTime() - start) / 1e9, replications);
  }
}
