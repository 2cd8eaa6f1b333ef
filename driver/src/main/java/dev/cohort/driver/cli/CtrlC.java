package dev.cohort.driver.cli;

import dev.cohort.sim.run.RunControl;
import java.io.PrintWriter;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C while a study runs: the first press asks the simulations to stop at their next poll, so
 * the command can print what it has; a second press quits at once with exit 130. Installed only
 * around the simulating itself (writing reports keeps the JVM's usual handling, whose shutdown
 * hooks remove half-written output). Where the JVM does not let us handle SIGINT, nothing changes.
 */
final class CtrlC implements AutoCloseable {
  /** Exit code of a command stopped by SIGINT (128 + 2, as shells report it). */
  static final int EXIT = 130;

  private static final Signal INT = new Signal("INT");

  private final SignalHandler previous;

  private CtrlC(SignalHandler previous) {
    this.previous = previous;
  }

  /** Routes SIGINT to {@code control} until {@link #close()}. */
  static CtrlC install(RunControl control, PrintWriter err) {
    SignalHandler handler =
        sig -> {
          if (control.stopRequested()) {
            err.println("cohort: interrupted again; quitting without a summary");
            err.flush();
            Runtime.getRuntime().exit(EXIT);
          }
          control.requestStop();
          err.println();
          err.println("cohort: stopping (Ctrl-C again to quit at once)...");
          err.flush();
        };
    try {
      return new CtrlC(Signal.handle(INT, handler));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      return new CtrlC(null); // -Xrs or a platform without SIGINT
    }
  }

  @Override
  public void close() {
    if (previous != null) {
      Signal.handle(INT, previous);
    }
  }
}
