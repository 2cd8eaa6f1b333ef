package dev.cohort.testkit;

/** A claim about a generated value; returns why it fails, or {@link Verdict#OK}. */
@FunctionalInterface
public interface Property<T> {

  /** Tests the claim on one value. */
  Verdict test(T value);

  /** The outcome of one test. */
  record Verdict(boolean holds, String why) {
    /** The claim held. */
    public static final Verdict OK = new Verdict(true, "");

    /** The claim failed, and why. */
    public static Verdict fail(String why) {
      return new Verdict(false, why);
    }

    /** OK when {@code condition}, else a failure with {@code why}. */
    public static Verdict check(boolean condition, String why) {
      return condition ? OK : fail(why);
    }
  }
}
