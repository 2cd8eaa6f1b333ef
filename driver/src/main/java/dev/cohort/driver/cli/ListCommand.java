package dev.cohort.driver.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cohort.driver.jobs.JobHome;
import dev.cohort.driver.jobs.JobRecord;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cohort list}: every job this host knows, oldest first. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    header = "List the jobs run on this host.",
    description = {"Reads the job records under $COHORT_HOME (default ~/.cohort)."})
final class ListCommand implements Callable<Integer> {
  @Option(names = "--json", description = "print the records as a JSON array")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<JobRecord> all = JobHome.all();
    if (json) {
      ArrayNode a = new ObjectMapper().createArrayNode();
      for (JobRecord j : all) {
        a.add(j.toJson().put("driverAlive", j.driverAlive()));
      }
      out.println(a.toString());
      return 0;
    }
    if (all.isEmpty()) {
      out.println("no jobs on this host (" + JobHome.root() + ")");
      return 0;
    }
    out.printf("%-28s %-16s %-12s %-24s %s%n", "ID", "NAME", "STATE", "STARTED", "DRIVER");
    for (JobRecord j : all) {
      out.printf(
          "%-28s %-16s %-12s %-24s %s%n",
          j.id(),
          j.name(),
          j.state(),
          Instant.ofEpochMilli(j.startedAtMillis()).toString().replaceFirst("\\.\\d+Z$", "Z"),
          j.ended() ? "-" : j.driverAlive() ? "running" : "gone");
    }
    return 0;
  }
}
