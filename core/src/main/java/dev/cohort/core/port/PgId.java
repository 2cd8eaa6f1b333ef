package dev.cohort.core.port;

/**
 * A placement group of a job: index 0 is the gang group holding the first {@code min} replicas;
 * index k ≥ 1 is the single-bundle group of replica {@code min + k - 1}.
 */
public record PgId(String job, int index) implements Comparable<PgId> {
  @Override
  public int compareTo(PgId o) {
    int c = job.compareTo(o.job);
    return c != 0 ? c : Integer.compare(index, o.index);
  }

  @Override
  public String toString() {
    return job + "/pg" + index;
  }
}
