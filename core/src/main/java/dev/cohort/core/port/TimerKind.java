package dev.cohort.core.port;

/** The timers a job controller asks for. */
public enum TimerKind {
  /** The gang must have started by then ({@code startTimeout}). */
  START,
  /** The job must be back to min replicas by then ({@code rendezvousTimeout}). */
  RENDEZVOUS
}
