package dev.cohort.core.port;

import java.util.List;

/**
 * The port through which job controllers reach a cluster: the simulator, local processes or Ray. A
 * backend executes commands and later reports {@link ClusterEvent}s for them.
 */
public interface Backend {

  /** Carries out commands in order. Must not block on the cluster. */
  void execute(List<Command> commands);

  /** A short name for logs and reports, e.g. {@code sim}, {@code local}, {@code ray}. */
  String name();
}
