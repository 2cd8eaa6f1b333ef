package dev.cohort.driver.cli;

import dev.cohort.core.job.StateGraph;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cohort explain}: the replica and job state machines as Graphviz DOT. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    header = "Print the replica and job state machines as Graphviz DOT.",
    description = {"Render with: cohort explain | dot -Tpng -o states.png"})
final class ExplainCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(StateGraph.toDot());
    return 0;
  }
}
