package dev.cohort.sim.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioParser;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;

/**
 * The simulator against known results. Each replication yields one sample mean; the check is that
 * the closed form lies inside the 99% Student-t interval of those means (no hand-tuned slack).
 */
class ClosedFormTest {

  /** Erlang C: probability that an arrival waits in an M/M/c queue with offered load a. */
  static double erlangC(int c, double a) {
    double sum = 0;
    double term = 1;
    for (int k = 0; k < c; k++) {
      if (k > 0) {
        term *= a / k;
      }
      sum += term;
    }
    double top = term * a / c * c / (c - a);
    return top / (sum + top);
  }

  static void assertInside(String what, double expected, SummaryStatistics means) {
    int n = (int) means.getN();
    double half =
        new TDistribution(n - 1).inverseCumulativeProbability(0.995)
            * means.getStandardDeviation()
            / Math.sqrt(n);
    double m = means.getMean();
    assertTrue(
        Math.abs(m - expected) <= half,
        String.format(
            "%s: simulated %.4f ± %.4f (99%% CI over %d replications), closed form %.4f",
            what, m, half, n, expected));
  }

  @Test
  void singleReplicaJobsOnCNodesWaitAsErlangCPredicts() {
    int c = 4;
    double lambda = 3.2; // per hour
    double mu = 1.0; // per hour (mean service 1h)
    Scenario s =
        ScenarioParser.parse(
            "mmc.yaml",
            """
            horizon: 3000d
            gcs: { commitLatency: 0s }
            cluster: { nodeGroups: [ { name: n, count: %d, resources: { CPU: 1 } } ] }
            arrivals:
              - { name: q, process: poisson, ratePerHour: %s, count: 3000,
                  job: { resources: { CPU: 1 }, work: { duration: { distribution: exponential, mean: 1h } } } }
            """
                .formatted(c, lambda));
    SummaryStatistics means = new SummaryStatistics();
    for (int rep = 0; rep < 12; rep++) {
      RunResult r = Simulation.run(s, 1000 + rep, SimOptions.DEFAULT.withGeneratedJobs(true));
      SummaryStatistics w = new SummaryStatistics();
      for (JobResult j : r.jobs().subList(300, r.jobs().size())) { // drop the warm-up
        w.addValue((j.startedAt().orElseThrow() - j.submittedAt()) / 3.6e9);
      }
      means.addValue(w.getMean());
    }
    double a = lambda / mu;
    double wq = erlangC(c, a) / (c * mu - lambda);
    assertInside("M/M/4 mean wait (hours)", wq, means);
  }

  @Test
  void checkpointingJobUnderExponentialFailuresMatchesDalysModel() {
    double m = 10; // MTBF, hours
    double tau = 1; // compute between checkpoints
    double delta = 5 / 60.0; // checkpoint cost
    double r = 10 / 60.0; // restart cost
    int segments = 20; // total work = 20h
    Scenario s =
        ScenarioParser.parse(
            "daly.yaml",
            """
            horizon: 3000d
            gcs: { commitLatency: 0s, healthCheck: { initialDelay: 0s, period: 1ms, failureThreshold: 1 } }
            cluster:
              nodeGroups: [ { name: n, count: 1, resources: { CPU: 1 } } ]
              randomFailures: { mtbf: 10h, repair: 1ms }
            jobs:
              - { name: ckpt, maxRestarts: 100000, rendezvousTimeout: 1h,
                  work: { total: 20h, checkpointEvery: 1h, checkpointCost: 5m, restartCost: 10m } }
            """);
    SummaryStatistics means = new SummaryStatistics();
    for (int batch = 0; batch < 20; batch++) {
      SummaryStatistics jct = new SummaryStatistics();
      for (int i = 0; i < 25; i++) {
        RunResult run = Simulation.run(s, 5000 + batch * 25L + i, SimOptions.DEFAULT);
        JobResult j = run.job("ckpt");
        jct.addValue((j.finishedAt().orElseThrow() - j.submittedAt()) / 3.6e9);
      }
      means.addValue(jct.getMean());
    }
    // Daly (2006): a segment needing L failure-free hours takes M e^{R/M} (e^{L/M} - 1) on average.
    // Every segment but the last ends in a checkpoint (L = tau + delta); the last does not.
    double perSegment = m * Math.exp(r / m) * (Math.exp((tau + delta) / m) - 1);
    double last = m * Math.exp(r / m) * (Math.exp(tau / m) - 1);
    double expected = (segments - 1) * perSegment + last;
    assertInside("checkpointed JCT (hours)", expected, means);
  }
}
