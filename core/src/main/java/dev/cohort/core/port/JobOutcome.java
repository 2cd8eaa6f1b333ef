package dev.cohort.core.port;

/** How a job ended; the terminal job states. */
public enum JobOutcome {
  SUCCEEDED,
  FAILED,
  CANCELLED
}
