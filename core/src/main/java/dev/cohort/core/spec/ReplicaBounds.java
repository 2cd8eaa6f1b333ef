package dev.cohort.core.spec;

/** How many replicas a job runs: at least {@code min} together (the gang), at most {@code max}. */
public record ReplicaBounds(int min, int max) {
  /** Largest replica count accepted, far above any real cluster. */
  public static final int LIMIT = 100_000;

  public ReplicaBounds {
    if (min < 1 || max < min || max > LIMIT) {
      throw new IllegalArgumentException(
          "replicas need 1 ≤ min ≤ max ≤ " + LIMIT + ", got min=" + min + ", max=" + max);
    }
  }

  /** A fixed-size gang. */
  public static ReplicaBounds exactly(int n) {
    return new ReplicaBounds(n, n);
  }

  /** True when the job can grow beyond its gang. */
  public boolean elastic() {
    return max > min;
  }

  /** As torchrun's {@code --nnodes} argument: {@code min:max}. */
  public String nnodes() {
    return min + ":" + max;
  }
}
