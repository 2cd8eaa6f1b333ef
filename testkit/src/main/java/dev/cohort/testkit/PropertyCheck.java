package dev.cohort.testkit;

import dev.cohort.sim.engine.SeedStreams;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Runs a property over many generated values. Try {@code i} uses seed {@code base + i}; the base is
 * fixed (so CI is reproducible) unless {@code -Dcohort.seed=S} is given, which runs that single
 * seed (a replay). {@code -Dcohort.tries=N} overrides the number of tries. On failure the value is
 * shrunk, written (for scenarios, as a YAML file {@code cohort simulate} can run) under {@code
 * target/cohort-counterexamples/}, and reported with its seed.
 *
 * <pre>{@code
 * PropertyCheck.forAll(ScenarioGens.seedFamily(Reservation.PLACEMENT_GROUP))
 *     .named("pg-recovers")
 *     .tries(200)
 *     .shrinkWith(new ScenarioShrinker())
 *     .check(s -> Verdict.check(run(s).job("job-1").status().equals("SUCCEEDED"), "job-1 failed"));
 * }</pre>
 */
public final class PropertyCheck<T> {
  /** Default base seed: the same tries on every machine unless a seed is given. */
  public static final long DEFAULT_BASE_SEED = 0x5EED_C0DEL;

  private final Gen<T> gen;
  private String name = "property";
  private int tries = 100;
  private int maxSize = 20;
  private Shrinker<T> shrinker = Shrinker.none();
  private Function<T, String> render = String::valueOf;
  private java.util.function.Predicate<T> assumption = v -> true;

  private PropertyCheck(Gen<T> gen) {
    this.gen = gen;
  }

  /** A check of values from {@code gen}. */
  public static <T> PropertyCheck<T> forAll(Gen<T> gen) {
    return new PropertyCheck<>(gen);
  }

  /** Name used in messages and counterexample file names. */
  public PropertyCheck<T> named(String n) {
    this.name = n;
    return this;
  }

  /** Default number of tries ({@code -Dcohort.tries} overrides). */
  public PropertyCheck<T> tries(int n) {
    this.tries = n;
    return this;
  }

  /** Largest size; try i runs at size 1 + i * maxSize / tries. */
  public PropertyCheck<T> maxSize(int s) {
    this.maxSize = s;
    return this;
  }

  /** How to simplify a failing value. */
  public PropertyCheck<T> shrinkWith(Shrinker<T> s) {
    this.shrinker = s;
    return this;
  }

  /**
   * What the property takes for granted; values outside it are discarded, both when generated and
   * when the shrinker proposes them, so shrinking never wanders outside the property's premise.
   */
  public PropertyCheck<T> assuming(java.util.function.Predicate<T> premise) {
    this.assumption = premise;
    return this;
  }

  /** How to print a value in the failure message. */
  public PropertyCheck<T> rendering(Function<T, String> r) {
    this.render = r;
    return this;
  }

  /** The number of tries in effect. */
  public int effectiveTries() {
    String t = System.getProperty("cohort.tries", "");
    return t.isBlank() ? tries : Integer.parseInt(t.trim());
  }

  /**
   * Runs the property; throws {@link PropertyFailure} with the shrunk counterexample on failure.
   */
  public void check(Property<T> property) {
    String replay = System.getProperty("cohort.seed", "");
    long base = replay.isBlank() ? DEFAULT_BASE_SEED : Long.parseLong(replay.trim());
    int n = replay.isBlank() ? effectiveTries() : 1;
    for (int i = 0; i < n; i++) {
      long seed = base + i;
      int size = replay.isBlank() ? 1 + (int) ((long) i * maxSize / Math.max(1, n)) : maxSize;
      T value = generate(seed, size);
      if (!assumption.test(value)) {
        continue;
      }
      Property.Verdict v;
      boolean threw = false;
      try {
        v = property.test(value);
      } catch (RuntimeException e) {
        v = Property.Verdict.fail("threw " + e);
        threw = true;
      }
      if (!v.holds()) {
        fail(property, seed, value, v, threw);
      }
    }
  }

  /** The value try {@code seed} generates at {@code size} (for tests of generators). */
  public T generate(long seed, int size) {
    // Through SeedStreams: raw neighbouring seeds would give xoroshiro nearly equal first outputs.
    UniformRandomProvider rng = new SeedStreams(seed).stream("testkit");
    return gen.next(rng, size);
  }

  private void fail(
      Property<T> property, long seed, T original, Property.Verdict first, boolean originalThrew) {
    T current = original;
    Property.Verdict why = first;
    int steps = 0;
    boolean progress = true;
    int budget = 2_000;
    while (progress && budget > 0) {
      progress = false;
      for (T candidate : shrinker.candidates(current)) {
        if (--budget <= 0) {
          break;
        }
        if (!assumption.test(candidate)) {
          continue;
        }
        Property.Verdict v;
        try {
          v = property.test(candidate);
        } catch (RuntimeException e) {
          // A candidate that throws fails differently (e.g. the shrinker removed what the property
          // looks at); it only counts when the original failure was a throw as well.
          v = originalThrew ? Property.Verdict.fail("threw " + e) : Property.Verdict.OK;
        }
        if (!v.holds()) {
          current = candidate;
          why = v;
          steps++;
          progress = true;
          break;
        }
      }
    }
    String file = save(current);
    String msg =
        "property '"
            + name
            + "' failed with seed "
            + seed
            + " (replay: -Dcohort.seed="
            + seed
            + ")\n  why: "
            + why.why()
            + "\n  shrunk in "
            + steps
            + " step(s)"
            + (file.isEmpty()
                ? ""
                : "; saved as " + file + " (run it: ./cohort simulate " + file + ")")
            + "\n  counterexample:\n"
            + render.apply(current).indent(4);
    throw new PropertyFailure(msg, seed, original, current, steps);
  }

  private String save(T value) {
    if (!(value instanceof Scenario s)) {
      return "";
    }
    try {
      Path dir = Path.of("target", "cohort-counterexamples");
      Files.createDirectories(dir);
      Path f = dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "-") + ".yaml");
      Files.writeString(f, ScenarioYaml.write(s));
      return f.toString();
    } catch (IOException e) {
      return "";
    }
  }
}
