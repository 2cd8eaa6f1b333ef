package dev.cohort.core.port;

/**
 * What a replica process is told when it starts: whether it is rank 0, where rank 0 runs (for the
 * rendezvous endpoint), the world size bounds and the job-wide attempt (group generation).
 */
public record Launch(
    boolean rank0, String rank0Host, int minReplicas, int maxReplicas, int generation) {
  /** torchrun's {@code --nnodes}: {@code min:max}. */
  public String nnodes() {
    return minReplicas + ":" + maxReplicas;
  }
}
