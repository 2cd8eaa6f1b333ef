package dev.cohort.testkit;

import java.util.Optional;

/**
 * A property failed (or gave up on too many discards). The message says what failed, how to replay
 * that very try, and shows the shrunk and original counterexamples; {@link #details()} has the same
 * as data. The failure the property threw, if it threw, is the cause.
 */
public final class PropertyFailure extends AssertionError {
  private static final long serialVersionUID = 1L;

  /**
   * A failure as data.
   *
   * @param name the property
   * @param seed seed of the failing try
   * @param size its size
   * @param replayToken {@code SEED:SIZE}, for {@code -Dcohort.replay=NAME=TOKEN}
   * @param originalWhy why the generated value failed
   * @param shrunkWhy why the shrunk value fails
   * @param original the value as generated
   * @param shrunk the simplest value found that fails the same way
   * @param shrinkSteps simplifications accepted
   * @param savedAs the counterexample's file (scenarios), or ""
   * @param passedBefore tries that held before this one
   * @param discardedBefore tries discarded before this one
   */
  public record Details(
      String name,
      long seed,
      int size,
      String replayToken,
      String originalWhy,
      String shrunkWhy,
      Object original,
      Object shrunk,
      int shrinkSteps,
      String savedAs,
      int passedBefore,
      int discardedBefore) {}

  private final transient Details details;

  PropertyFailure(String message, Details details) {
    super(message);
    this.details = details;
  }

  PropertyFailure(String message, Details details, Throwable cause) {
    super(message, cause);
    this.details = details;
  }

  /** The failure as data; empty when the property gave up on discards. */
  public Optional<Details> details() {
    return Optional.ofNullable(details);
  }

  /** Seed of the failing try (−1 when the property gave up on discards). */
  public long seed() {
    return details == null ? -1 : details.seed();
  }

  /** The value as generated. */
  public Object original() {
    return details == null ? null : details.original();
  }

  /** The smallest value found that still fails the same way. */
  public Object shrunk() {
    return details == null ? null : details.shrunk();
  }

  /** How many simplifications were accepted. */
  public int shrinkSteps() {
    return details == null ? 0 : details.shrinkSteps();
  }
}
