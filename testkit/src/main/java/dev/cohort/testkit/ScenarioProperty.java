package dev.cohort.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JUnit 5 test method that is a property: it takes one generated value and holds when it returns
 * (assertions welcome; any throwable fails it, a JUnit assumption discards the value).
 *
 * <pre>{@code
 * class RecoveryTest {
 *   static Gen<Scenario> families() { return ScenarioGens.seedFamily(Reservation.PLACEMENT_GROUP); }
 *
 *   @ScenarioProperty(gen = "families", tries = 200)
 *   void jobOneCompletes(Scenario s) {
 *     assertEquals("SUCCEEDED", Simulation.run(s).job("job-1").status());
 *   }
 * }
 * }</pre>
 *
 * <p>Per run: {@code -Dcohort.tries=N} and {@code -Dcohort.seed=S} apply to every property; {@code
 * -Dcohort.replay=NAME=SEED:SIZE} (printed on failure) re-runs one try of one property. The outcome
 * (tries, discards, seeds; on failure the replay token) is also a JUnit report entry.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(ScenarioPropertyExtension.class)
public @interface ScenarioProperty {
  /** The property's name in messages and replay tokens; default {@code Class.method}. */
  String name() default "";

  /**
   * A static method (no arguments) or field of the test class giving the {@link Gen}; default for a
   * {@code Scenario} parameter: {@link ScenarioGens#anything()}.
   */
  String gen() default "";

  /**
   * A static method or field giving a {@link Shrinker}; default: {@link ScenarioShrinker} for
   * scenarios, else the generator's own shrinking.
   */
  String shrinker() default "";

  /** A static {@code boolean name(T)} method: values outside it are discarded (the premise). */
  String assuming() default "";

  /** Values to check. */
  int tries() default 100;

  /** Largest size. */
  int maxSize() default 20;

  /** Base seed: try i uses seed + i. */
  long seed() default PropertyCheck.DEFAULT_BASE_SEED;

  /** Most discarded tries per wanted try before the property fails. */
  int maxDiscardRatio() default PropertyCheck.DEFAULT_MAX_DISCARD_RATIO;

  /** A replay token {@code SEED:SIZE}: run only that try (the system property also works). */
  String replay() default "";
}
