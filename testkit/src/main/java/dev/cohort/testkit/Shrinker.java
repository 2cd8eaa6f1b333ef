package dev.cohort.testkit;

import java.util.List;

/** Proposes simpler versions of a failing value, simplest first. */
@FunctionalInterface
public interface Shrinker<T> {
  /** Candidates strictly simpler than {@code value} (may be empty). */
  List<T> candidates(T value);

  /** Never shrinks. */
  static <T> Shrinker<T> none() {
    return v -> List.of();
  }
}
