package dev.cohort.core.port;

/** Replica {@code index} (0-based) of a job. */
public record ReplicaId(String job, int index) implements Comparable<ReplicaId> {
  @Override
  public int compareTo(ReplicaId o) {
    int c = job.compareTo(o.job);
    return c != 0 ? c : Integer.compare(index, o.index);
  }

  @Override
  public String toString() {
    return job + "/r" + index;
  }
}
