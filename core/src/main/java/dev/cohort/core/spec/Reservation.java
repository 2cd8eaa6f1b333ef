package dev.cohort.core.spec;

/** How a job holds its capacity. */
public enum Reservation {
  /**
   * The min gang as one atomic placement group plus one single-bundle group per optional replica;
   * lost bundles are re-placed at top priority (Cohort's default).
   */
  PLACEMENT_GROUP("placement-group"),
  /**
   * Plain actors with resource demands and no reservation: a restarted actor queues behind everyone
   * else. Kept to show the starvation the seed thread describes.
   */
  ACTORS("actors");

  private final String label;

  Reservation(String label) {
    this.label = label;
  }

  /** The name used in job and scenario files. */
  public String label() {
    return label;
  }
}
