package dev.cohort.core.spec;

/**
 * A random duration: how long a replica's work takes, or the time between failures of a node. All
 * parameters are in microseconds except the dimensionless shapes. Sampling lives in the simulator;
 * this is only the validated description.
 */
public sealed interface Distribution {

  /** The expected value in microseconds (used in reports and closed-form checks). */
  double meanMicros();

  /** Always the same value. */
  record Fixed(long micros) implements Distribution {
    @Override
    public double meanMicros() {
      return micros;
    }
  }

  /** Exponential with the given mean (memoryless failures, M/M/c service times). */
  record Exponential(long mean) implements Distribution {
    @Override
    public double meanMicros() {
      return mean;
    }
  }

  /** Log-normal given by its median (e^mu) and sigma of the underlying normal. */
  record LogNormal(long median, double sigma) implements Distribution {
    @Override
    public double meanMicros() {
      return median * Math.exp(sigma * sigma / 2);
    }
  }

  /** Weibull with shape k and scale λ; k &lt; 1 models infant mortality, k &gt; 1 wear-out. */
  record Weibull(double shape, long scale) implements Distribution {
    @Override
    public double meanMicros() {
      return scale * Math.exp(org.apache.commons.math3.special.Gamma.logGamma(1 + 1 / shape));
    }
  }

  /** Uniform between min and max (inclusive of min). */
  record Uniform(long min, long max) implements Distribution {
    @Override
    public double meanMicros() {
      return (min + (double) max) / 2;
    }
  }
}
