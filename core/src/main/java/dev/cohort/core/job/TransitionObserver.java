package dev.cohort.core.job;

import dev.cohort.core.port.ReplicaId;

/** Receives every state change a controller makes, e.g. to check it against {@link StateGraph}. */
public interface TransitionObserver {
  /** A replica moved. */
  void replica(long at, ReplicaId replica, ReplicaState from, ReplicaState to, String why);

  /** A job moved. */
  void job(long at, String job, JobState from, JobState to, String why);

  /** Observes nothing. */
  TransitionObserver NONE =
      new TransitionObserver() {
        @Override
        public void replica(long at, ReplicaId r, ReplicaState f, ReplicaState t, String why) {}

        @Override
        public void job(long at, String job, JobState f, JobState t, String why) {}
      };
}
