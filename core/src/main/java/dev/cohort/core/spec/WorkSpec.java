package dev.cohort.core.spec;

/** How much work a simulated job does (real runs use the job's command instead). */
public sealed interface WorkSpec {

  /**
   * Every replica runs for a drawn duration (a new draw per attempt); a restarted replica starts
   * over. The job succeeds when the first replica completes (TorchX semantics).
   */
  record PerReplica(Distribution duration) implements WorkSpec {}

  /**
   * The job needs {@code total} of compute at one replica; progress accrues at the number of
   * running replicas; every {@code checkpointEvery} of compute the group pauses {@code
   * checkpointCost}; any loss or re-rendezvous rolls back to the last checkpoint and resumes {@code
   * restartCost} after at least min replicas run again. All in microseconds.
   */
  record Checkpointed(long total, long checkpointEvery, long checkpointCost, long restartCost)
      implements WorkSpec {
    public Checkpointed {
      if (total <= 0 || checkpointEvery <= 0 || checkpointCost < 0 || restartCost < 0) {
        throw new IllegalArgumentException(
            "total and checkpointEvery must be positive; costs must not be negative");
      }
    }
  }
}
