package dev.cohort.core.spec;

/**
 * A mistake in user input, with the place it was found. Its message reads {@code FILE:LINE:COL:
 * what is wrong and what is allowed}; the CLI prints it after {@code error: } and exits with code
 * 2.
 */
public final class SpecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Location location;
  private final String problem;

  public SpecException(Location location, String problem) {
    super(location + ": " + problem, null, false, false);
    this.location = location;
    this.problem = problem;
  }

  /** Where the mistake is. */
  public Location location() {
    return location;
  }

  /** What is wrong, without the location prefix. */
  public String problem() {
    return problem;
  }
}
