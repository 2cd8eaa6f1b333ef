package dev.cohort.sim.scenario;

import dev.cohort.core.spec.JobSpec;
import dev.cohort.sim.trace.JobTrace;
import java.util.Optional;

/**
 * A generated workload: {@code count} jobs like {@code template}, named {@code <name>-<k>},
 * arriving from {@code startAt} as a Poisson process ({@code ratePerHour}), at a fixed {@code
 * interval} (0 = all at once), or as a recorded {@code trace} says (its k-th submission, its run
 * time and GPUs filled into the template).
 */
public record ArrivalSpec(
    String name,
    Process process,
    double ratePerHour,
    long interval,
    int count,
    long startAt,
    JobSpec template,
    Optional<JobTrace> trace) {

  /** How arrival times are spaced. */
  public enum Process {
    POISSON,
    FIXED,
    TRACE
  }

  /** A Poisson or fixed-interval process. */
  public ArrivalSpec(
      String name,
      Process process,
      double ratePerHour,
      long interval,
      int count,
      long startAt,
      JobSpec template) {
    this(name, process, ratePerHour, interval, count, startAt, template, Optional.empty());
  }

  /** Name of the k-th generated job. */
  public String jobName(int k) {
    return name + "-" + k;
  }
}
