package dev.cohort.sim.report;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * Summary statistics of a sample (seconds), with a Student-t 95% confidence interval of the mean.
 * Fields are null when the sample is too small to define them (empty; or fewer than 2 for the CI).
 */
public record Stats(
    int n,
    Double mean,
    Double p50,
    Double p90,
    Double p99,
    Double ci95Low,
    Double ci95High,
    Double max) {

  /** Computes the statistics of {@code values}. */
  public static Stats of(double[] values) {
    int n = values.length;
    if (n == 0) {
      return new Stats(0, null, null, null, null, null, null, null);
    }
    DescriptiveStatistics d = new DescriptiveStatistics(values);
    d.setPercentileImpl(new Percentile().withEstimationType(Percentile.EstimationType.R_7));
    double mean = d.getMean();
    Double lo = null;
    Double hi = null;
    if (n >= 2) {
      double half =
          new TDistribution(n - 1).inverseCumulativeProbability(0.975)
              * d.getStandardDeviation()
              / Math.sqrt(n);
      lo = mean - half;
      hi = mean + half;
    }
    return new Stats(
        n, mean, d.getPercentile(50), d.getPercentile(90), d.getPercentile(99), lo, hi, d.getMax());
  }
}
