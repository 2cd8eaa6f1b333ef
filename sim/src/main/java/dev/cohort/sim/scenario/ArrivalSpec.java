package dev.cohort.sim.scenario;

import dev.cohort.core.spec.JobSpec;

/**
 * A generated workload: {@code count} jobs like {@code template}, named {@code <name>-<k>},
 * arriving from {@code startAt} either as a Poisson process ({@code ratePerHour}) or at a fixed
 * {@code interval} (0 = all at once).
 */
public record ArrivalSpec(
    String name,
    Process process,
    double ratePerHour,
    long interval,
    int count,
    long startAt,
    JobSpec template) {

  /** How arrival times are spaced. */
  public enum Process {
    POISSON,
    FIXED
  }

  /** Name of the k-th generated job. */
  public String jobName(int k) {
    return name + "-" + k;
  }
}
