package dev.cohort.core.job;

/** Where one replica (command actor) is in its life; see {@link StateGraph} for the legal moves. */
public enum ReplicaState {
  /** Waiting for its slot (bundle or actor) to be placed, or for the group to (re)start. */
  SCHEDULING,
  /** Its process has been started in a placed slot. */
  RUNNING,
  /** Its process was lost or exited non-zero; about to be rescheduled or declared failed. */
  FAILING,
  /** Its process exited 0. */
  TASK_COMPLETED,
  /** It failed and will not be restarted. */
  FAILED,
  /** It was stopped or never started because the job ended. */
  CANCELLED;

  /** True for states a replica never leaves. */
  public boolean terminal() {
    return this == TASK_COMPLETED || this == FAILED || this == CANCELLED;
  }
}
