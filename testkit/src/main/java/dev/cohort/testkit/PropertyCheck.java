package dev.cohort.testkit;

import dev.cohort.sim.engine.SeedStreams;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.commons.rng.UniformRandomProvider;
import org.opentest4j.TestAbortedException;

/**
 * Runs a property over generated values. Try {@code i} draws from seed {@code base + i} at size
 * {@code 1 + i·maxSize/tries}, so early tries are small. The base is fixed (every machine runs the
 * same tries) unless {@code -Dcohort.seed=S} moves it; {@code -Dcohort.tries=N} sets the tries.
 *
 * <p>Any throwable from the property fails it (assertions included), except a discard: a value
 * outside {@link #assuming} or a JUnit assumption ({@code Assumptions.assumeTrue}) skips the try.
 * Too many discards fail the property. A failure is shrunk, keeping the same kind of failure (the
 * same exception type, or the same message with numbers ignored), saved (scenarios as a YAML file
 * {@code cohort simulate} runs) and reported with a replay token: {@code
 * -Dcohort.replay=NAME=SEED:SIZE} re-runs exactly that try of that property alone.
 *
 * <pre>{@code
 * PropertyReport r =
 *     PropertyCheck.forAll(ScenarioGens.seedFamily(Reservation.PLACEMENT_GROUP))
 *         .named("pg-recovers")
 *         .tries(200)
 *         .shrinkWith(new ScenarioShrinker())
 *         .checkThat(s -> assertEquals("SUCCEEDED", run(s).job("job-1").status()));
 * }</pre>
 */
public final class PropertyCheck<T> {
  /** Default base seed: the same tries on every machine unless a seed is given. */
  public static final long DEFAULT_BASE_SEED = 0x5EED_C0DEL;

  /** Default most discarded tries per checked one before the property fails. */
  public static final int DEFAULT_MAX_DISCARD_RATIO = 5;

  /** A property written with assertions: it holds when it returns. */
  @FunctionalInterface
  public interface Assertions<T> {
    void verify(T value) throws Throwable;
  }

  private final Gen<T> gen;
  private String name = "property";
  private int tries = 100;
  private int maxSize = 20;
  private long baseSeed = DEFAULT_BASE_SEED;
  private int maxDiscardRatio = DEFAULT_MAX_DISCARD_RATIO;
  private Optional<String> replay = Optional.empty();
  private Shrinker<T> shrinker;
  private Function<T, String> render = String::valueOf;
  private Predicate<T> assumption = v -> true;

  private PropertyCheck(Gen<T> gen) {
    this.gen = gen;
    this.shrinker = gen::shrink;
  }

  /** A check of values from {@code gen} (shrunk with the generator's own shrinking by default). */
  public static <T> PropertyCheck<T> forAll(Gen<T> gen) {
    return new PropertyCheck<>(gen);
  }

  /** Name used in messages, replay tokens and counterexample file names. */
  public PropertyCheck<T> named(String n) {
    this.name = n;
    return this;
  }

  /** Checked values wanted ({@code -Dcohort.tries} overrides). */
  public PropertyCheck<T> tries(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("tries must be at least 1, got " + n);
    }
    this.tries = n;
    return this;
  }

  /** Largest size; try i runs at size 1 + i * maxSize / tries. */
  public PropertyCheck<T> maxSize(int s) {
    this.maxSize = s;
    return this;
  }

  /** The base seed ({@code -Dcohort.seed} overrides). */
  public PropertyCheck<T> seed(long s) {
    this.baseSeed = s;
    return this;
  }

  /** Most discarded tries per wanted try before the property fails. */
  public PropertyCheck<T> maxDiscardRatio(int r) {
    this.maxDiscardRatio = r;
    return this;
  }

  /** Runs only the try of a replay token {@code SEED:SIZE} (as printed on failure). */
  public PropertyCheck<T> replay(String token) {
    this.replay = token == null || token.isBlank() ? Optional.empty() : Optional.of(token.strip());
    return this;
  }

  /** How to simplify a failing value (default: the generator's own shrinking). */
  public PropertyCheck<T> shrinkWith(Shrinker<T> s) {
    this.shrinker = s;
    return this;
  }

  /**
   * What the property takes for granted; values outside it are discarded, both when generated and
   * when the shrinker proposes them, so shrinking never wanders outside the property's premise.
   */
  public PropertyCheck<T> assuming(Predicate<T> premise) {
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

  private long effectiveBase() {
    String s = System.getProperty("cohort.seed", "");
    return s.isBlank() ? baseSeed : Long.parseLong(s.trim());
  }

  /** The replay token for this property from {@code -Dcohort.replay=NAME=SEED:SIZE,…}, if any. */
  private Optional<String> effectiveReplay() {
    if (replay.isPresent()) {
      return replay;
    }
    for (String entry : System.getProperty("cohort.replay", "").split(",")) {
      int eq = entry.lastIndexOf('=');
      if (eq > 0 && entry.substring(0, eq).strip().equals(name)) {
        return Optional.of(entry.substring(eq + 1).strip());
      }
    }
    return Optional.empty();
  }

  /** Runs a property written with assertions; any throwable fails it. */
  public PropertyReport checkThat(Assertions<T> property) {
    return check(
        v -> {
          try {
            property.verify(v);
            return Property.Verdict.OK;
          } catch (RuntimeException | Error e) {
            throw e;
          } catch (Throwable t) {
            throw new Thrown(t);
          }
        });
  }

  /** Carries a checked throwable out of a lambda. */
  private static final class Thrown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Thrown(Throwable cause) {
      super(cause);
    }
  }

  /**
   * Runs the property; returns what ran, or throws {@link PropertyFailure} with the original and
   * the shrunk counterexample.
   */
  public PropertyReport check(Property<T> property) {
    Optional<String> token = effectiveReplay();
    if (token.isPresent()) {
      long[] seedSize = parseToken(token.get());
      T value = generate(seedSize[0], (int) seedSize[1]);
      Outcome o = run(property, value);
      if (o.failed()) {
        fail(property, seedSize[0], (int) seedSize[1], value, o, 0, 0);
      }
      return new PropertyReport(name, o.discarded() ? 0 : 1, o.discarded() ? 1 : 0, seedSize[0]);
    }
    long base = effectiveBase();
    int want = effectiveTries();
    long limit = (long) want * (1 + maxDiscardRatio);
    int checked = 0;
    int discarded = 0;
    for (long i = 0; checked < want && i < limit; i++) {
      long seed = base + i;
      int size = 1 + (int) (Math.min(i, want - 1) * maxSize / Math.max(1, want));
      T value;
      try {
        value = generate(seed, size);
      } catch (Gen.Discard d) {
        discarded++;
        continue;
      }
      Outcome o = run(property, value);
      if (o.discarded()) {
        discarded++;
        continue;
      }
      if (o.failed()) {
        fail(property, seed, size, value, o, checked, discarded);
      }
      checked++;
    }
    if (checked < want) {
      throw new PropertyFailure(
          String.format(
              "property '%s' gave up: %d of %d generated values were discarded (by its premise or"
                  + " a filter) and only %d of the %d wanted tries ran; loosen the premise or"
                  + " generate values that meet it",
              name, discarded, checked + discarded, checked, want),
          null);
    }
    return new PropertyReport(name, checked, discarded, base);
  }

  /** The value try {@code seed} generates at {@code size}. */
  public T generate(long seed, int size) {
    // Through SeedStreams: raw neighbouring seeds would give xoroshiro nearly equal first outputs.
    UniformRandomProvider rng = new SeedStreams(seed).stream("testkit");
    return gen.next(rng, size);
  }

  private static long[] parseToken(String token) {
    int colon = token.indexOf(':');
    try {
      return new long[] {
        Long.parseLong(token.substring(0, colon).strip()),
        Integer.parseInt(token.substring(colon + 1).strip())
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "a replay token is SEED:SIZE as printed by a failure, e.g. 1592640101:7; got '"
              + token
              + "'");
    }
  }

  /** What one test of one value gave. */
  private record Outcome(boolean failed, boolean discarded, String why, Throwable thrown) {
    static final Outcome HELD = new Outcome(false, false, "", null);
    static final Outcome DISCARDED = new Outcome(false, true, "", null);

    /**
     * What kind of failure this is: the exception type, or the message with its numbers (and runs
     * of numbers, such as a printed list) ignored.
     */
    String signature() {
      if (thrown != null) {
        return thrown.getClass().getName();
      }
      return why.replaceAll("-?[0-9]+(\\.[0-9]+)?", "#").replaceAll("#([,;\\s]+#)+", "#");
    }
  }

  private Outcome run(Property<T> property, T value) {
    if (!assumption.test(value)) {
      return Outcome.DISCARDED;
    }
    try {
      Property.Verdict v = property.test(value);
      return v.holds() ? Outcome.HELD : new Outcome(true, false, v.why(), null);
    } catch (TestAbortedException | Gen.Discard e) {
      return Outcome.DISCARDED;
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) {
      Throwable cause = t instanceof Thrown ? t.getCause() : t;
      return new Outcome(true, false, describe(cause), cause);
    }
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.strip());
  }

  private void fail(
      Property<T> property,
      long seed,
      int size,
      T original,
      Outcome first,
      int passedBefore,
      int discardedBefore) {
    T current = original;
    Outcome why = first;
    int steps = 0;
    boolean progress = true;
    int budget = 2_000;
    while (progress && budget > 0) {
      progress = false;
      for (T candidate : shrinker.candidates(current)) {
        if (--budget <= 0) {
          break;
        }
        Outcome o = run(property, candidate);
        // Only the same kind of failure counts: a shrink must not swap the bug for another one.
        if (o.failed() && o.signature().equals(first.signature())) {
          current = candidate;
          why = o;
          steps++;
          progress = true;
          break;
        }
      }
    }
    String file = save(current);
    String token = seed + ":" + size;
    StringBuilder msg = new StringBuilder();
    msg.append(
        String.format(
            "property '%s' failed on try %d (%d passed, %d discarded before it), seed %d, size %d%n"
                + "  replay just this try: -Dcohort.replay=%s=%s%n"
                + "  why: %s%n",
            name,
            passedBefore + 1,
            passedBefore,
            discardedBefore,
            seed,
            size,
            name,
            token,
            first.why()));
    if (steps > 0) {
      msg.append(String.format("  shrunk in %d step(s); now: %s%n", steps, why.why()));
    } else {
      msg.append("  not shrunk (no simpler value fails the same way)\n");
    }
    if (!file.isEmpty()) {
      msg.append("  saved as ")
          .append(file)
          .append(" (a scenario file: cohort simulate runs it as it is)\n");
    }
    msg.append("  counterexample (shrunk):\n").append(render.apply(current).indent(4));
    if (steps > 0) {
      msg.append("  original:\n").append(render.apply(original).indent(4));
    }
    throw new PropertyFailure(
        msg.toString(),
        new PropertyFailure.Details(
            name,
            seed,
            size,
            token,
            first.why(),
            why.why(),
            original,
            current,
            steps,
            file,
            passedBefore,
            discardedBefore),
        why.thrown());
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
      return f.toAbsolutePath().toString();
    } catch (IOException e) {
      return "";
    }
  }
}
