package dev.cohort.sim.engine;

import java.nio.charset.StandardCharsets;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Splits one {@code long} seed into independent, named random streams ("failures/worker-3",
 * "work/job-1", "arrivals/batch"). A stream depends only on the seed and its name, so adding a job
 * never changes the failures another job sees.
 */
public final class SeedStreams {
  private final long seed;

  public SeedStreams(long seed) {
    this.seed = seed;
  }

  /** The run's seed. */
  public long seed() {
    return seed;
  }

  /** A fresh generator for the stream called {@code name}. */
  public UniformRandomProvider stream(String name) {
    long h = fnv(name);
    long a = splitMix(seed ^ h);
    long b = splitMix(a ^ 0x9e3779b97f4a7c15L);
    return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {a, b});
  }

  private static long fnv(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= x & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  private static long splitMix(long z) {
    z += 0x9e3779b97f4a7c15L;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
