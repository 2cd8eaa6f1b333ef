package dev.cohort.driver.cli;

import dev.cohort.driver.jobs.JobHome;
import dev.cohort.driver.jobs.JobRecord;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cohort status [ID]}: a job's state as its driver last wrote it, and whether it runs. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    header = "Show a job's state (the latest job without an id).",
    description = {"Reads the job's record on this host ($COHORT_HOME, default ~/.cohort)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"  0:shown", "  2:no such job"})
final class StatusCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "the job's id")
  String id;

  @Option(names = "--json", description = "print the record as JSON")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Optional<JobRecord> r = id == null ? latest() : JobHome.find(id);
    if (r.isEmpty()) {
      if (id == null) {
        out.println("no jobs on this host (" + JobHome.root() + ")");
        return 0;
      }
      throw new UserError("no job '" + id + "' on this host; 'cohort list' shows them");
    }
    JobRecord j = r.get();
    if (json) {
      out.println(j.toJson().put("driverAlive", j.driverAlive()).toString());
      return 0;
    }
    out.println(describe(j));
    return 0;
  }

  static Optional<JobRecord> latest() {
    List<JobRecord> all = JobHome.all();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** A few lines a person reads. */
  static String describe(JobRecord j) {
    boolean alive = j.driverAlive();
    StringBuilder sb = new StringBuilder();
    sb.append("job ").append(j.id()).append(" (").append(j.name()).append(") ").append(j.state());
    if (j.ended()) {
      sb.append(": ").append(j.reason());
    } else if (alive) {
      sb.append(", driver pid ").append(j.driverPid()).append(" running");
    } else {
      sb.append(", but its driver is gone: resume with cohort run --resume ").append(j.journal());
    }
    sb.append("\n  replicas:");
    j.replicas().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
    sb.append("; restarts ").append(j.restarts());
    sb.append("; started ").append(Instant.ofEpochMilli(j.startedAtMillis()));
    sb.append(", updated ").append(Instant.ofEpochMilli(j.updatedAtMillis()));
    sb.append("\n  logs ").append(j.logDir()).append("; journal ").append(j.journal());
    return sb.toString();
  }
}
