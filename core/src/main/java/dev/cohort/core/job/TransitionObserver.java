package dev.cohort.core.job;

import dev.cohort.core.port.ReplicaId;

/** Receives every state change a controller makes, e.g. to check it against {@link StateGraph}. */
public interface TransitionObserver {
  /** A replica moved. */
  void replica(long at, ReplicaId replica, ReplicaState from, ReplicaState to, String why);

  /** A job moved. */
  void job(long at, String job, JobState from, JobState to, String why);

  /**
   * Whether reasons should carry details (nodes, counts) for people to read; observers that only
   * count or hash transitions answer false and spare the controller building strings.
   */
  default boolean detailed() {
    return true;
  }

  /** Observes nothing. */
  TransitionObserver NONE =
      new TransitionObserver() {
        @Override
        public void replica(long at, ReplicaId r, ReplicaState f, ReplicaState t, String why) {}

        @Override
        public void job(long at, String job, JobState f, JobState t, String why) {}

        @Override
        public boolean detailed() {
          return false;
        }
      };
}
