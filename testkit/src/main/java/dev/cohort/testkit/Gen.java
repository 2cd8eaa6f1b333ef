package dev.cohort.testkit;

import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * A seeded generator of test values. {@code size} (1 and up) bounds how big values get: counts,
 * list lengths and durations grow with it, so early tries are small and later ones larger.
 *
 * <p>Generators of numbers, durations, resources and lists also shrink ({@link #shrink}): a failing
 * value is simplified towards the lower bound, a list by dropping and then shrinking items. {@link
 * #map} and the combinators that build new types ({@link #zip}, {@link #flatMap}) cannot undo their
 * function and so do not shrink; give a {@link Shrinker} to the check (as {@link ScenarioShrinker}
 * does for scenarios).
 */
@FunctionalInterface
public interface Gen<T> {

  /** Thrown by a generator that could not make a value (a {@link #filter} that gave up). */
  final class Discard extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Discard(String why) {
      super(why, null, false, false);
    }
  }

  /** One value from {@code rng} at the given size. */
  T next(UniformRandomProvider rng, int size);

  /** Simpler values than {@code value}, simplest first (none by default). */
  default List<T> shrink(T value) {
    return List.of();
  }

  /** A generator with the shrinking of {@code shrinker}. */
  default Gen<T> shrinking(Shrinker<T> shrinker) {
    Gen<T> self = this;
    return new Gen<>() {
      @Override
      public T next(UniformRandomProvider rng, int size) {
        return self.next(rng, size);
      }

      @Override
      public List<T> shrink(T value) {
        return shrinker.candidates(value);
      }
    };
  }

  /** Transforms generated values. */
  default <R> Gen<R> map(Function<? super T, ? extends R> f) {
    return (rng, size) -> f.apply(next(rng, size));
  }

  /** Generates a value, then a generator from it. */
  default <R> Gen<R> flatMap(Function<? super T, Gen<R>> f) {
    return (rng, size) -> f.apply(next(rng, size)).next(rng, size);
  }

  /**
   * Only values meeting {@code keep}: draws again up to 100 times, then discards the try (the check
   * counts it, and fails the property when too many tries are discarded). Shrinks within the
   * filter.
   */
  default Gen<T> filter(Predicate<? super T> keep) {
    Gen<T> self = this;
    return new Gen<>() {
      @Override
      public T next(UniformRandomProvider rng, int size) {
        for (int i = 0; i < 100; i++) {
          T v = self.next(rng, size);
          if (keep.test(v)) {
            return v;
          }
        }
        throw new Discard("no value met the filter in 100 draws");
      }

      @Override
      public List<T> shrink(T value) {
        return self.shrink(value).stream().filter(keep).map(v -> (T) v).toList();
      }
    };
  }

  /** Pairs of values from two generators, combined by {@code f}. */
  static <A, B, R> Gen<R> zip(Gen<A> a, Gen<B> b, BiFunction<? super A, ? super B, R> f) {
    return (rng, size) -> f.apply(a.next(rng, size), b.next(rng, size));
  }

  /** Three generators combined. */
  static <A, B, C, R> Gen<R> zip(Gen<A> a, Gen<B> b, Gen<C> c, Function3<A, B, C, R> f) {
    return (rng, size) -> f.apply(a.next(rng, size), b.next(rng, size), c.next(rng, size));
  }

  /** A function of three values. */
  @FunctionalInterface
  interface Function3<A, B, C, R> {
    R apply(A a, B b, C c);
  }

  /** Always {@code value}. */
  static <T> Gen<T> constant(T value) {
    return (rng, size) -> value;
  }

  /** A whole number in [lo, hi]; shrinks towards lo. */
  static Gen<Integer> ints(int lo, int hi) {
    Gen<Long> longs = longs(lo, hi);
    return new Gen<>() {
      @Override
      public Integer next(UniformRandomProvider rng, int size) {
        return longs.next(rng, size).intValue();
      }

      @Override
      public List<Integer> shrink(Integer value) {
        return longs.shrink((long) value).stream().map(Long::intValue).toList();
      }
    };
  }

  /** A whole number in [lo, min(hi, lo + size)]: grows with size; shrinks towards lo. */
  static Gen<Integer> sized(int lo, int hi) {
    Gen<Integer> all = ints(lo, hi);
    return new Gen<>() {
      @Override
      public Integer next(UniformRandomProvider rng, int size) {
        return lo + rng.nextInt(Math.max(1, Math.min(hi, lo + size) - lo + 1));
      }

      @Override
      public List<Integer> shrink(Integer value) {
        return all.shrink(value);
      }
    };
  }

  /** A long in [lo, hi]; shrinks towards lo (lo, then halfway, then one less). */
  static Gen<Long> longs(long lo, long hi) {
    if (hi < lo) {
      throw new IllegalArgumentException("empty range [" + lo + ", " + hi + "]");
    }
    return new Gen<>() {
      @Override
      public Long next(UniformRandomProvider rng, int size) {
        long span = hi - lo + 1;
        if (span > 0) {
          return lo + rng.nextLong(span);
        }
        while (true) { // the range is wider than a long's positive half: draw until inside
          long v = rng.nextLong();
          if (v >= lo && v <= hi) {
            return v;
          }
        }
      }

      @Override
      public List<Long> shrink(Long value) {
        List<Long> out = new ArrayList<>();
        if (value > lo) {
          out.add(lo);
          long half = lo + (value - lo) / 2;
          if (half != lo && half != value) {
            out.add(half);
          }
          if (value - 1 != lo && value - 1 != half) {
            out.add(value - 1);
          }
        }
        return out;
      }
    };
  }

  /** A double in [lo, hi); shrinks towards lo and towards whole numbers. */
  static Gen<Double> doubles(double lo, double hi) {
    if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw new IllegalArgumentException("need finite lo < hi, got [" + lo + ", " + hi + ")");
    }
    return new Gen<>() {
      @Override
      public Double next(UniformRandomProvider rng, int size) {
        return lo + rng.nextDouble() * (hi - lo);
      }

      @Override
      public List<Double> shrink(Double value) {
        List<Double> out = new ArrayList<>();
        if (value > lo) {
          out.add(lo);
          double whole = Math.floor(value);
          if (whole > lo && whole < value) {
            out.add(whole);
          }
          double half = lo + (value - lo) / 2;
          if (half > lo && half < value && value - half > 1e-9) {
            out.add(half);
          }
        }
        return out;
      }
    };
  }

  /**
   * A duration in µs between {@code lo} and {@code hi} (written like scenario durations, {@code
   * 30s}, {@code 2h}), in whole seconds when the range allows; shrinks towards lo.
   */
  static Gen<Long> durations(String lo, String hi) {
    long a = Durations.parseMicros(lo);
    long b = Durations.parseMicros(hi);
    long unit = b - a >= 2 * Durations.MICROS_PER_SECOND ? Durations.MICROS_PER_SECOND : 1;
    Gen<Long> steps = longs(0, (b - a) / unit);
    return new Gen<>() {
      @Override
      public Long next(UniformRandomProvider rng, int size) {
        return a + steps.next(rng, size) * unit;
      }

      @Override
      public List<Long> shrink(Long value) {
        return steps.shrink((value - a) / unit).stream().map(s -> a + s * unit).toList();
      }
    };
  }

  /** Resources of one kind, {@code lo..hi} whole units (e.g. GPUs per replica); shrinks to lo. */
  static Gen<Resources> resources(String kind, int lo, int hi) {
    Gen<Integer> amounts = ints(lo, hi);
    return new Gen<>() {
      @Override
      public Resources next(UniformRandomProvider rng, int size) {
        return Resources.of(kind, amounts.next(rng, size));
      }

      @Override
      public List<Resources> shrink(Resources value) {
        int v = (int) Math.round(value.amount(kind));
        return amounts.shrink(v).stream().map(n -> Resources.of(kind, n)).toList();
      }
    };
  }

  /** One of the values, uniformly; shrinks towards the first. */
  @SafeVarargs
  static <T> Gen<T> oneOf(T... values) {
    List<T> list = List.of(values);
    return new Gen<>() {
      @Override
      public T next(UniformRandomProvider rng, int size) {
        return list.get(rng.nextInt(list.size()));
      }

      @Override
      public List<T> shrink(T value) {
        int i = list.indexOf(value);
        return i <= 0 ? List.of() : list.subList(0, i);
      }
    };
  }

  /** A value from one of the generators, chosen uniformly. */
  static <T> Gen<T> oneOfGens(List<? extends Gen<? extends T>> gens) {
    if (gens.isEmpty()) {
      throw new IllegalArgumentException("oneOfGens needs at least one generator");
    }
    List<Gen<? extends T>> copy = List.copyOf(gens);
    return (rng, size) -> copy.get(rng.nextInt(copy.size())).next(rng, size);
  }

  /** A generator and how often to use it. */
  record Weighted<T>(int weight, Gen<? extends T> gen) {
    public Weighted {
      if (weight < 1) {
        throw new IllegalArgumentException("weights must be at least 1, got " + weight);
      }
    }
  }

  /** {@code gen} chosen with weight {@code weight}, for {@link #frequency}. */
  static <T> Weighted<T> weighted(int weight, Gen<? extends T> gen) {
    return new Weighted<>(weight, gen);
  }

  /** A value from one of the generators, chosen in proportion to its weight. */
  @SafeVarargs
  static <T> Gen<T> frequency(Weighted<T>... options) {
    List<Weighted<T>> list = List.of(options);
    int total = list.stream().mapToInt(Weighted::weight).sum();
    return (rng, size) -> {
      int pick = rng.nextInt(total);
      for (Weighted<T> w : list) {
        pick -= w.weight();
        if (pick < 0) {
          return w.gen().next(rng, size);
        }
      }
      throw new IllegalStateException("unreachable");
    };
  }

  /** true with probability p; shrinks to false. */
  static Gen<Boolean> chance(double p) {
    return new Gen<>() {
      @Override
      public Boolean next(UniformRandomProvider rng, int size) {
        return rng.nextDouble() < p;
      }

      @Override
      public List<Boolean> shrink(Boolean value) {
        return value ? List.of(false) : List.of();
      }
    };
  }

  /**
   * A list with a length drawn from {@code length}; shrinks by dropping items (halves first), then
   * by shrinking single items.
   */
  static <T> Gen<List<T>> listOf(Gen<Integer> length, Gen<T> item) {
    return new Gen<>() {
      @Override
      public List<T> next(UniformRandomProvider rng, int size) {
        int n = length.next(rng, size);
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          out.add(item.next(rng, size));
        }
        return out;
      }

      @Override
      public List<List<T>> shrink(List<T> value) {
        List<List<T>> out = new ArrayList<>();
        int n = value.size();
        if (n > 1) {
          out.add(List.copyOf(value.subList(0, n / 2)));
          out.add(List.copyOf(value.subList(n / 2, n)));
        }
        for (int i = 0; i < n; i++) {
          List<T> less = new ArrayList<>(value);
          less.remove(i);
          out.add(less);
        }
        for (int i = 0; i < n; i++) {
          for (T simpler : item.shrink(value.get(i))) {
            List<T> changed = new ArrayList<>(value);
            changed.set(i, simpler);
            out.add(changed);
          }
        }
        return out;
      }
    };
  }
}
