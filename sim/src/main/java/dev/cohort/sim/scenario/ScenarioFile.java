package dev.cohort.sim.scenario;

import java.util.List;

/**
 * What a scenario file holds: the base scenario, its named variants (each the base with some fields
 * overridden) and its {@code sweep:} section (keys and their values, run as a cross product).
 * Without variants, the base alone is run.
 */
public record ScenarioFile(
    Scenario base, List<Scenario> variants, List<dev.cohort.sim.sweep.SweepParameter> sweep) {
  public ScenarioFile {
    variants = List.copyOf(variants);
    sweep = List.copyOf(sweep);
  }

  /** A file without a sweep section. */
  public ScenarioFile(Scenario base, List<Scenario> variants) {
    this(base, variants, List.of());
  }

  /** The scenarios to run: every variant, or the base when there are none. */
  public List<Scenario> runs() {
    return variants.isEmpty() ? List.of(base) : variants;
  }
}
