package dev.cohort.sim.trace;

import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.Distribution;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.WorkSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * A job trace ready to replay: per job (sorted by submission, ties in file order) its submission
 * offset in µs, its run time in µs (−1 without a run-time column) and its GPU count (−1 without a
 * GPU column). Immutable; shared by every run and variant of a scenario.
 */
public final class JobTrace {
  private final JobTraceSpec spec;
  private final Path path;
  private final long[] submit;
  private final long[] runTime;
  private final int[] gpus;

  JobTrace(JobTraceSpec spec, Path path, long[] submit, long[] runTime, int[] gpus) {
    this.spec = spec;
    this.path = path;
    this.submit = submit;
    this.runTime = runTime;
    this.gpus = gpus;
  }

  /** What the scenario said. */
  public JobTraceSpec spec() {
    return spec;
  }

  /** The file it was read from. */
  public Path path() {
    return path;
  }

  /** Number of jobs. */
  public int size() {
    return submit.length;
  }

  /** Submission offset of job {@code k}, µs. */
  public long submitAt(int k) {
    return submit[k];
  }

  /** Run time of job {@code k}, µs, or −1. */
  public long runTime(int k) {
    return runTime[k];
  }

  /** GPUs of job {@code k}, or −1. */
  public int gpus(int k) {
    return gpus[k];
  }

  /** How many replicas job {@code k} has: ceil(gpus / gpusPerReplica), at least 1. */
  public int replicas(int k) {
    int g = gpus[k];
    return g <= 0 ? 1 : (g + spec.gpusPerReplica() - 1) / spec.gpusPerReplica();
  }

  /**
   * Job {@code k} as a spec: the template with what the trace gives. With a GPU column the job has
   * {@link #replicas} replicas (min = max), each with the template's resources plus an even share
   * of the GPUs; with a run-time column its work is that run time (per replica, or checkpointed).
   *
   * @param perReplica the template's resources with a given GPU share, reused between jobs
   */
  public JobSpec job(int k, JobSpec template, String name, ResourceCache perReplica) {
    JobSpec.Builder b = template.toBuilder().name(name);
    int r = replicas(k);
    if (gpus[k] >= 0) {
      b.replicas(r, r);
      b.resources(perReplica.withGpuUnits(template.resources(), gpus[k] * Resources.SCALE / r));
    }
    if (runTime[k] >= 0) {
      long t = Math.max(1, runTime[k]);
      WorkSpec w =
          spec.checkpoint().isPresent()
              ? spec.checkpoint().get().work(t, r)
              : new WorkSpec.PerReplica(new Distribution.Fixed(t));
      b.work(w);
    }
    return b.build();
  }

  /** Per-replica resources by GPU share, so that equal jobs share one resources object. */
  public static final class ResourceCache {
    private final java.util.HashMap<Long, Resources> byUnits = new java.util.HashMap<>();

    Resources withGpuUnits(Resources base, long gpuUnits) {
      return byUnits.computeIfAbsent(
          gpuUnits,
          u -> {
            if (u == 0) {
              return base;
            }
            TreeMap<String, Long> units = new TreeMap<>();
            for (int i = 0; i < base.size(); i++) {
              units.put(base.name(i), base.unitsAt(i));
            }
            units.put("GPU", u);
            return Resources.ofUnits(units);
          });
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JobTrace t
        && spec.equals(t.spec)
        && path.toAbsolutePath().normalize().equals(t.path.toAbsolutePath().normalize())
        && Arrays.equals(submit, t.submit)
        && Arrays.equals(runTime, t.runTime)
        && Arrays.equals(gpus, t.gpus);
  }

  @Override
  public int hashCode() {
    return 31 * spec.hashCode() + Arrays.hashCode(submit);
  }

  @Override
  public String toString() {
    return "JobTrace[" + path + ", " + submit.length + " jobs]";
  }
}
