package dev.cohort.sim.workload;

import dev.cohort.core.spec.Distribution;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.ExponentialDistribution;
import org.apache.commons.statistics.distribution.LogNormalDistribution;
import org.apache.commons.statistics.distribution.UniformContinuousDistribution;
import org.apache.commons.statistics.distribution.WeibullDistribution;

/** Draws durations (whole µs, at least 1) from a {@link Distribution} with a seeded stream. */
public final class Sampler {
  private Sampler() {}

  /** One draw. */
  public static long draw(Distribution d, UniformRandomProvider rng) {
    double x;
    if (d instanceof Distribution.Fixed f) {
      return f.micros();
    } else if (d instanceof Distribution.Exponential e) {
      x = ExponentialDistribution.of(e.mean()).createSampler(rng).sample();
    } else if (d instanceof Distribution.LogNormal l) {
      x = LogNormalDistribution.of(Math.log(l.median()), l.sigma()).createSampler(rng).sample();
    } else if (d instanceof Distribution.Weibull w) {
      x = WeibullDistribution.of(w.shape(), w.scale()).createSampler(rng).sample();
    } else if (d instanceof Distribution.Uniform u) {
      if (u.min() == u.max()) {
        return u.min();
      }
      x = UniformContinuousDistribution.of(u.min(), u.max()).createSampler(rng).sample();
    } else {
      throw new IllegalArgumentException("unknown distribution " + d);
    }
    if (!(x < 9.0e18)) {
      return 9_000_000_000_000_000_000L;
    }
    return Math.max(1L, Math.round(x));
  }
}
