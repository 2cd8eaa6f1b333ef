package dev.cohort.sim.check;

import dev.cohort.core.job.JobController;
import dev.cohort.core.job.ReplicaState;

/** What the checks read of one active job: its size, its replicas' states and where they sit. */
public interface JobView {
  /** The job's name. */
  String name();

  /** The most replicas it may run. */
  int maxReplicas();

  /** Replicas RUNNING now. */
  int running();

  /** State of replica {@code i}, {@code 0 <= i < maxReplicas()}. */
  ReplicaState replicaState(int i);

  /** Whether replica {@code i}'s slot (bundle or actor) is placed on a node. */
  boolean placed(int i);

  /** Whether the job has reached a terminal state. */
  boolean finished();

  /** The read-only face of a live controller. */
  static JobView of(JobController c) {
    return new JobView() {
      @Override
      public String name() {
        return c.spec().name();
      }

      @Override
      public int maxReplicas() {
        return c.spec().replicas().max();
      }

      @Override
      public int running() {
        return c.running();
      }

      @Override
      public ReplicaState replicaState(int i) {
        return c.replicaState(i);
      }

      @Override
      public boolean placed(int i) {
        return c.slotNode(i).isPresent();
      }

      @Override
      public boolean finished() {
        return c.state().terminal();
      }
    };
  }
}
