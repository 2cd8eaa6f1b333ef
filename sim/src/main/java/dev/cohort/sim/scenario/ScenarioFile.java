package dev.cohort.sim.scenario;

import java.util.List;

/**
 * What a scenario file holds: the base scenario and its named variants (each the base with some
 * fields overridden). Without variants, the base alone is run.
 */
public record ScenarioFile(Scenario base, List<Scenario> variants) {
  public ScenarioFile {
    variants = List.copyOf(variants);
  }

  /** The scenarios to run: every variant, or the base when there are none. */
  public List<Scenario> runs() {
    return variants.isEmpty() ? List.of(base) : variants;
  }
}
