package dev.cohort.driver.cli;

import dev.cohort.driver.jobs.JobHome;
import dev.cohort.driver.jobs.JobRecord;
import dev.cohort.driver.local.ProcessGroups;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code cohort run --detach}: starts the same command again as a driver of its own session (so it
 * outlives this shell), with the job id chosen here, its output in the job's folder, and returns
 * once that driver has written the job's record, or with its error if it failed first.
 */
final class Detach {
  private Detach() {}

  static int start(RunCommand cmd, String id, Path logs, PrintWriter out) throws IOException {
    List<String> args =
        new ArrayList<>(cmd.spec.commandLine().getParent().getParseResult().originalArgs());
    args.removeIf(a -> a.equals("--detach"));
    args.add("--job-id");
    args.add(id);
    if (cmd.logDir == null) {
      args.add("--log-dir");
      args.add(logs.toString());
    }
    List<String> java = new ArrayList<>();
    java.add(ProcessHandle.current().info().command().orElse("java"));
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent")) {
        java.add(a);
      }
    }
    java.add("-Dcohort.home=" + JobHome.root().toAbsolutePath());
    java.add("-cp");
    java.add(System.getProperty("java.class.path"));
    java.add(Main.class.getName());
    java.addAll(args);
    Path dir = Files.createDirectories(JobHome.dir(id));
    Path log = dir.resolve("driver.log");
    Process p =
        new ProcessBuilder(ProcessGroups.wrap(java))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(log.toFile())
            .redirectErrorStream(true)
            .start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      Optional<JobRecord> r = JobHome.find(id);
      if (r.isPresent()) {
        out.printf(
            "job %s started in the background (driver pid %d)%n"
                + "  cohort status %s   cohort logs %s -f   cohort cancel %s%n",
            id, r.get().driverPid(), id, id, id);
        out.flush();
        return 0;
      }
      if (!p.isAlive()) {
        // It stopped before starting the job: show what it said (bad input, say) and its code.
        PrintWriter err = cmd.spec.commandLine().getErr();
        for (String line : Files.readAllLines(log)) {
          err.println(line);
        }
        err.flush();
        return p.exitValue();
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    out.printf("job %s is starting in the background; see %s%n", id, log);
    return 0;
  }
}
