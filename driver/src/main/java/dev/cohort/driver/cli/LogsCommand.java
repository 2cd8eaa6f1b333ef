package dev.cohort.driver.cli;

import dev.cohort.driver.jobs.JobHome;
import dev.cohort.driver.jobs.JobRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cohort logs ID [-f] [--replica N]}: the output of the latest attempt of each replica (or
 * of one); {@code -f} follows it, onto later attempts, until the job has ended.
 */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    header = "Print (or follow) a job's replica logs.",
    description = {"Lines are prefixed [r<replica>.<attempt>] when several replicas are shown."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"  0:printed", "  2:no such job or replica"})
final class LogsCommand implements Callable<Integer> {
  private static final Pattern LOG = Pattern.compile("r(\\d+)\\.(\\d+)\\.log");

  @Parameters(index = "0", paramLabel = "ID", description = "the job's id")
  String id;

  @Option(
      names = {"-f", "--follow"},
      description = "keep printing until the job ends")
  boolean follow;

  @Option(names = "--replica", paramLabel = "N", description = "only replica N")
  Integer replica;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    JobRecord j =
        JobHome.find(id)
            .orElseThrow(
                () -> new UserError("no job '" + id + "' on this host; 'cohort list' shows them"));
    Path dir = Path.of(j.logDir());
    if (replica != null && !j.replicas().containsKey(replica)) {
      throw new UserError(
          "job " + id + " has replicas 0.." + (j.replicas().size() - 1) + ", not " + replica);
    }
    if (!follow) {
      for (int r : j.replicas().keySet()) {
        if (replica == null || replica == r) {
          Optional<Path> f = latest(dir, r);
          if (f.isPresent()) {
            String prefix = replica == null ? "[" + tag(f.get()) + "] " : "";
            for (String line : Files.readAllLines(f.get(), StandardCharsets.UTF_8)) {
              out.println(prefix + line);
            }
          }
        }
      }
      out.flush();
      return 0;
    }
    int r = replica == null ? 0 : replica;
    Path current = null;
    long pos = 0;
    while (true) {
      Optional<Path> f = latest(dir, r);
      if (f.isPresent() && !f.get().equals(current)) {
        current = f.get();
        pos = 0;
        out.println("== " + tag(current) + " ==");
      }
      if (current != null) {
        pos = copy(current, pos, out);
      }
      out.flush();
      JobRecord now = JobHome.find(id).orElse(j);
      if (now.ended() || !now.driverAlive()) {
        if (current != null) {
          copy(current, pos, out);
        }
        out.flush();
        return 0;
      }
      Thread.sleep(200);
    }
  }

  private static String tag(Path log) {
    return log.getFileName().toString().replace(".log", "");
  }

  private static long copy(Path f, long from, PrintWriter out) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
      if (raf.length() <= from) {
        return from;
      }
      raf.seek(from);
      byte[] b = new byte[(int) Math.min(1 << 20, raf.length() - from)];
      raf.readFully(b);
      out.print(new String(b, StandardCharsets.UTF_8));
      return from + b.length;
    }
  }

  /** The log of the highest attempt of replica {@code r}. */
  static Optional<Path> latest(Path dir, int r) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    Path best = null;
    int bestAttempt = -1;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Matcher m = LOG.matcher(f.getFileName().toString());
        if (m.matches() && Integer.parseInt(m.group(1)) == r) {
          int a = Integer.parseInt(m.group(2));
          if (a > bestAttempt) {
            bestAttempt = a;
            best = f;
          }
        }
      }
    }
    return Optional.ofNullable(best);
  }
}
