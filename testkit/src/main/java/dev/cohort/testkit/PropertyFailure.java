package dev.cohort.testkit;

/**
 * A property failed: carries the failing seed, the original and the shrunk counterexample, and a
 * message that says how to replay it.
 */
public final class PropertyFailure extends AssertionError {
  private static final long serialVersionUID = 1L;

  private final transient Object original;
  private final transient Object shrunk;
  private final long seed;
  private final int shrinkSteps;

  PropertyFailure(String message, long seed, Object original, Object shrunk, int shrinkSteps) {
    super(message);
    this.seed = seed;
    this.original = original;
    this.shrunk = shrunk;
    this.shrinkSteps = shrinkSteps;
  }

  /** Seed of the failing try; {@code -Dcohort.seed=<seed>} replays it. */
  public long seed() {
    return seed;
  }

  /** The value as generated. */
  public Object original() {
    return original;
  }

  /** The smallest value found that still fails. */
  public Object shrunk() {
    return shrunk;
  }

  /** How many simplifications were accepted. */
  public int shrinkSteps() {
    return shrinkSteps;
  }
}
