package dev.cohort.sim.check;

/** A simulation broke one of its invariants: a bug in Cohort, never a user mistake. */
public final class InvariantViolation extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public InvariantViolation(long at, String what) {
    super("invariant violated at t=" + at + "us: " + what);
  }
}
