package dev.cohort.core.port;

import java.util.List;

/**
 * The port through which job controllers reach a cluster: local processes or Ray (the simulator
 * carries out the same commands in virtual time). A backend handles every {@link ClusterCommand}
 * (the compiler checks it) and later reports {@link ClusterEvent}s for them; {@link LoopEffect}s
 * stay with the loop around the controller. The contract every backend honours is in docs/design.md
 * ("Contract for backends") and is tested by the conformance suites.
 */
public interface Backend extends ClusterCommand.Handler, AutoCloseable {

  /** A short name for logs and reports, e.g. {@code local}, {@code ray}. */
  String name();

  /**
   * Every command of one controller step has been handed over, in order. A backend that batches
   * (e.g. places the groups created together) acts now. Must not block on the cluster.
   */
  default void commandsDone() {}

  /**
   * Stops every replica process this backend started (within its stop grace) and releases every
   * reservation it holds. Idempotent; callable from any thread, including a signal handler.
   */
  @Override
  void close();

  /** Carries out one controller step: cluster commands here, loop effects to {@code loop}. */
  default void carryOut(List<Command> commands, LoopEffect.Handler loop) {
    for (Command c : commands) {
      c.dispatch(this, loop);
    }
    commandsDone();
  }
}
