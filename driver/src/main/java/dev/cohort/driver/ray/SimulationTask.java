package dev.cohort.driver.ray;

import dev.cohort.sim.run.RunResultJson;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.run.Simulation;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.sweep.ScenarioSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Ray task that runs one replication: it rebuilds the scenario from its source (text, path,
 * variant, sweep values) and returns the run as JSON. Arguments and result are strings, as Ray's
 * Java API passes them everywhere without extra serializers. Workers keep the scenarios they built,
 * so the replications of one cell parse it once per worker.
 */
public final class SimulationTask {
  private static final int CACHED = 64;
  private static final Map<String, Scenario> BUILT = new ConcurrentHashMap<>();

  private SimulationTask() {}

  /** Runs seed {@code seed} of the scenario described by {@code sourceJson}. */
  public static String run(String sourceJson, String seed) {
    Scenario s = BUILT.get(sourceJson);
    if (s == null) {
      s = ScenarioSource.fromJson(sourceJson).scenario();
      if (BUILT.size() >= CACHED) {
        BUILT.clear();
      }
      BUILT.put(sourceJson, s);
    }
    return RunResultJson.encode(Simulation.run(s, Long.parseLong(seed), SimOptions.DEFAULT));
  }
}
