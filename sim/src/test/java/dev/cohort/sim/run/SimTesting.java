package dev.cohort.sim.run;

import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioParser;

/** Helpers for simulator tests: YAML in, checked run out. */
public final class SimTesting {
  private SimTesting() {}

  /** Parses YAML text as a scenario. */
  public static Scenario scenario(String yaml) {
    return ScenarioParser.parse("test.yaml", yaml);
  }

  /** Runs with invariant checks after every event and timelines on. */
  public static RunResult checkedRun(Scenario s) {
    return Simulation.run(s, s.seed(), SimOptions.CHECKED);
  }

  /** Seconds → µs. */
  public static long sec(double s) {
    return Math.round(s * 1_000_000);
  }
}
