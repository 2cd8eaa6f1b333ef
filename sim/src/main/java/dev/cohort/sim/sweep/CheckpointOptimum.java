package dev.cohort.sim.sweep;

import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.WorkSpec;
import dev.cohort.sim.scenario.ArrivalSpec;
import dev.cohort.sim.scenario.NodeGroupSpec;
import dev.cohort.sim.scenario.RandomFailureSpec;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioJob;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The checkpoint interval the classic formulas recommend for a job of a scenario: Young's {@code
 * sqrt(2·C·M)} (J. W. Young, CACM 1974) and Daly's higher-order {@code sqrt(2·C·M)·(1 +
 * sqrt(C/2M)/3 + (C/2M)/9) − C} for {@code C < 2M}, else {@code M} (J. T. Daly, FGCS 2006), with
 * {@code C} the job's checkpoint cost and {@code M} its mean time between interruptions.
 *
 * <p>{@code M} is read off the scenario's random failures as a first-order estimate: a gang of
 * {@code n} replicas (its {@code max}, at most the cluster's node count, one replica per node) is
 * interrupted at {@code n / mtbf} per unlabelled failure process, and at {@code min(n, D) / mtbf}
 * for one whose failure domains are the {@code D} values of a label. Scripted failures and
 * maintenance are left out. The simulation itself has no such simplification, which is why a sweep
 * shows both.
 *
 * @param mtbiMicros the job's mean time between interruptions
 * @param costMicros its checkpoint cost
 * @param youngMicros Young's interval
 * @param dalyMicros Daly's interval
 */
public record CheckpointOptimum(
    long mtbiMicros, long costMicros, long youngMicros, long dalyMicros) {

  private static final String JOBS = "jobs.";
  private static final String ARRIVALS = "arrivals.";
  private static final String JOB_SUFFIX = ".work.checkpointEvery";
  private static final String ARRIVAL_SUFFIX = ".job.work.checkpointEvery";

  /**
   * The optimum for the job whose {@code checkpointEvery} is at {@code path} in {@code s}; empty
   * when the path is not a checkpoint interval, the job does not checkpoint, its checkpoints are
   * free, or nothing fails.
   */
  public static Optional<CheckpointOptimum> forPath(Scenario s, String path) {
    Optional<JobSpec> job = Optional.empty();
    Optional<String> name = jobOf(path);
    if (name.isPresent() && path.startsWith(JOBS)) {
      job =
          s.jobs().stream()
              .map(ScenarioJob::spec)
              .filter(j -> j.name().equals(name.get()))
              .findFirst();
    } else if (name.isPresent()) {
      job =
          s.arrivals().stream()
              .filter(a -> a.name().equals(name.get()))
              .map(ArrivalSpec::template)
              .findFirst();
    }
    return job.flatMap(j -> of(s, j));
  }

  /**
   * The job (or arrivals entry) whose checkpoint interval {@code path} is: {@code
   * jobs.NAME.work.checkpointEvery} or {@code arrivals.NAME.job.work.checkpointEvery}.
   */
  public static Optional<String> jobOf(String path) {
    if (path.startsWith(JOBS) && path.endsWith(JOB_SUFFIX)) {
      return Optional.of(path.substring(JOBS.length(), path.length() - JOB_SUFFIX.length()));
    }
    if (path.startsWith(ARRIVALS) && path.endsWith(ARRIVAL_SUFFIX)) {
      return Optional.of(
          path.substring(ARRIVALS.length(), path.length() - ARRIVAL_SUFFIX.length()));
    }
    return Optional.empty();
  }

  /** The optimum for {@code job} running in {@code s}, if it checkpoints and something fails. */
  public static Optional<CheckpointOptimum> of(Scenario s, JobSpec job) {
    if (job.work().isEmpty() || !(job.work().get() instanceof WorkSpec.Checkpointed c)) {
      return Optional.empty();
    }
    if (c.checkpointCost() <= 0) {
      return Optional.empty();
    }
    int n = Math.min(job.replicas().max(), Math.max(1, s.nodeCount()));
    double rate = 0; // interruptions per µs
    for (RandomFailureSpec f : s.randomFailures()) {
      double mean = f.mtbf().meanMicros();
      if (!(mean > 0)) {
        continue;
      }
      int exposed = f.label().map(l -> Math.min(n, domains(s, l))).orElse(n);
      rate += exposed / mean;
    }
    if (rate <= 0) {
      return Optional.empty();
    }
    double m = 1 / rate;
    double cost = c.checkpointCost();
    double young = Math.sqrt(2 * cost * m);
    double daly;
    if (cost < 2 * m) {
      double x = cost / (2 * m);
      daly = young * (1 + Math.sqrt(x) / 3 + x / 9) - cost;
    } else {
      daly = m;
    }
    return Optional.of(
        new CheckpointOptimum(
            Math.round(m), c.checkpointCost(), Math.round(young), Math.round(daly)));
  }

  private static int domains(Scenario s, String label) {
    Set<String> values = new HashSet<>();
    for (NodeGroupSpec g : s.nodeGroups()) {
      String v = g.labels().get(label);
      if (v != null) {
        values.add(v);
      }
    }
    return Math.max(1, values.size());
  }
}
