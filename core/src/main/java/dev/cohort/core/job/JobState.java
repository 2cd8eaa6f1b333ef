package dev.cohort.core.job;

/** Where a job is in its life. */
public enum JobState {
  /** Submitted; the min gang has not started yet. */
  PENDING,
  /** The gang started; replicas may fail, restart and join. */
  RUNNING,
  /** A replica completed: nothing new starts; the job ends when no replica runs. */
  TERMINATING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  /** True for states a job never leaves. */
  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
