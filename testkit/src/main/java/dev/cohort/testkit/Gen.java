package dev.cohort.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * A seeded generator of test values. {@code size} (1 and up) bounds how big values get: counts,
 * list lengths and durations grow with it, so early tries are small and later ones larger.
 */
@FunctionalInterface
public interface Gen<T> {

  /** One value from {@code rng} at the given size. */
  T next(UniformRandomProvider rng, int size);

  /** Transforms generated values. */
  default <R> Gen<R> map(Function<? super T, ? extends R> f) {
    return (rng, size) -> f.apply(next(rng, size));
  }

  /** Generates a value, then a generator from it. */
  default <R> Gen<R> flatMap(Function<? super T, Gen<R>> f) {
    return (rng, size) -> f.apply(next(rng, size)).next(rng, size);
  }

  /** Always {@code value}. */
  static <T> Gen<T> constant(T value) {
    return (rng, size) -> value;
  }

  /** A whole number in [lo, hi]. */
  static Gen<Integer> ints(int lo, int hi) {
    return (rng, size) -> lo + rng.nextInt(hi - lo + 1);
  }

  /** A whole number in [lo, min(hi, lo + size)]: grows with size. */
  static Gen<Integer> sized(int lo, int hi) {
    return (rng, size) -> lo + rng.nextInt(Math.max(1, Math.min(hi, lo + size) - lo + 1));
  }

  /** One of the values, uniformly. */
  @SafeVarargs
  static <T> Gen<T> oneOf(T... values) {
    return (rng, size) -> values[rng.nextInt(values.length)];
  }

  /** true with probability p. */
  static Gen<Boolean> chance(double p) {
    return (rng, size) -> rng.nextDouble() < p;
  }

  /** A list with a length drawn from {@code length}. */
  static <T> Gen<List<T>> listOf(Gen<Integer> length, Gen<T> item) {
    return (rng, size) -> {
      int n = length.next(rng, size);
      List<T> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(item.next(rng, size));
      }
      return out;
    };
  }
}
