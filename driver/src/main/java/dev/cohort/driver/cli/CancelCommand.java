package dev.cohort.driver.cli;

import dev.cohort.driver.jobs.JobHome;
import dev.cohort.driver.jobs.JobRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code cohort cancel ID}: asks the job's driver to cancel it (the controller stops every replica
 * and ends the job CANCELLED) and waits up to a minute for it to say so.
 */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    header = "Cancel a running job.",
    description = {"Its replicas are stopped within their grace and the job ends CANCELLED."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "  0:cancelled",
      "  1:the job had ended, or no driver runs it",
      "  2:no such job"
    })
final class CancelCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ID", description = "the job's id")
  String id;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    JobRecord j =
        JobHome.find(id)
            .orElseThrow(
                () -> new UserError("no job '" + id + "' on this host; 'cohort list' shows them"));
    if (j.ended()) {
      err.println("cohort: job " + id + " had already ended: " + j.state());
      return 1;
    }
    if (!j.driverAlive()) {
      err.println(
          "cohort: no driver runs job "
              + id
              + " (resume it with cohort run --resume "
              + j.journal()
              + ")");
      return 1;
    }
    Files.writeString(JobHome.cancelMarker(id), "cancel requested\n");
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      Optional<JobRecord> now = JobHome.find(id);
      if (now.isPresent() && now.get().ended()) {
        out.println("job " + id + " " + now.get().state() + ": " + now.get().reason());
        return 0;
      }
      Thread.sleep(100);
    }
    out.println("cancel of job " + id + " requested; its driver has not ended it yet");
    return 0;
  }
}
