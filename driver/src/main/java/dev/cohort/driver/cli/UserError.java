package dev.cohort.driver.cli;

/** A mistake in how the CLI was called (not in a file): printed as one line, exit code 2. */
public final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserError(String message) {
    super(message, null, false, false);
  }
}
