package dev.cohort.driver.cli;

import dev.cohort.core.spec.SpecNode;
import dev.cohort.core.spec.SpecReader;
import dev.cohort.driver.ray.RayJavaClient;
import dev.cohort.driver.ray.RayReplicator;
import dev.cohort.driver.runtime.FileTrees;
import dev.cohort.sim.report.Charts;
import dev.cohort.sim.report.ReportJson;
import dev.cohort.sim.report.ReportMarkdown;
import dev.cohort.sim.report.Summary;
import dev.cohort.sim.report.SummaryTable;
import dev.cohort.sim.run.MonteCarlo;
import dev.cohort.sim.run.RunControl;
import dev.cohort.sim.run.RunResult;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.run.Simulation;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioFile;
import dev.cohort.sim.scenario.ScenarioParser;
import dev.cohort.sim.sweep.Replicator;
import dev.cohort.sim.sweep.ScenarioSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cohort simulate FILE}: replicated what-if runs, a summary table and optional reports. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    header = "Simulate a scenario: a summary table, reports, sweeps and searches.",
    description = {
      "Runs the scenario with seeds S, S+1, ... (results do not depend on --threads) and prints a"
          + " summary table; with --out it writes report.json, report.md and PNG charts.",
      "%n--set PATH=VALUES (or a sweep: section) runs a grid of values on the same seeds;"
          + " --find TARGET --over PATH=RANGE searches for the smallest value meeting a target.",
      "%nCtrl-C stops early: the partial summary is printed and nothing is written."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "  0:success",
      "  1:--find found no value meeting the target",
      "  2:bad input: one line 'error: FILE:LINE:COL: field: what is wrong'",
      " 70:internal error or out of memory: one line naming a crash file",
      "130:stopped by Ctrl-C"
    },
    sortOptions = false)
final class SimulateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "YAML or JSON scenario file")
  Path file;

  @Option(
      names = "--replications",
      paramLabel = "N",
      description = "number of runs (default: ${DEFAULT-VALUE})",
      defaultValue = "1")
  int replications;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "first seed (default: the scenario's seed)")
  Long seed;

  @Option(
      names = "--threads",
      paramLabel = "T",
      description = "worker threads (default: number of cores)")
  Integer threads;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "write report.json, report.md and charts here")
  Path out;

  @Option(
      names = "--trace",
      paramLabel = "FILE",
      description = "write the first run's events as JSON lines")
  Path trace;

  @Option(
      names = "--set",
      paramLabel = "PATH=VALUES",
      description = {
        "sweep a key: values V1,V2,… or a range FROM..TO/STEP (48..80/8, 15m..2h/15m);",
        "repeat for a grid (the cross product), e.g. --set jobs.train.work.checkpointEvery=30m,1h"
      })
  List<String> sets = new java.util.ArrayList<>();

  @Option(
      names = "--find",
      paramLabel = "TARGET",
      description =
          "search --over for the smallest value meeting TARGET, e.g. 'p90(wait) < 1h' or"
              + " 'mean(train.ettr) >= 0.9'")
  String find;

  @Option(
      names = "--over",
      paramLabel = "PATH=RANGE",
      description = "the integer key --find searches, e.g. cluster.nodeGroups.gpu.count=16..256")
  String over;

  @Option(
      names = "--minimize",
      paramLabel = "METRIC",
      description = "mark the sweep cell with the smallest METRIC, e.g. 'mean(jct)'")
  String minimize;

  @Option(
      names = "--maximize",
      paramLabel = "METRIC",
      description = "mark the sweep cell with the largest METRIC, e.g. 'mean(train.ettr)'")
  String maximize;

  @Option(
      names = "--ray-address",
      paramLabel = "ADDR",
      description = {
        "run replications (and sweep cells) as Ray tasks on the cluster at HOST:PORT, or in",
        "Ray's single-process mode with 'local'; results are identical to a local run"
      })
  String rayAddress;

  @Option(
      names = "--progress",
      paramLabel = "MODE",
      description =
          "progress on stderr: auto (a bar on a console), bar, log (a line every 10 s), none"
              + " (default: ${DEFAULT-VALUE})",
      defaultValue = "auto")
  StudyProgress.Mode progress;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    SpecNode root = SpecReader.read(file);
    ScenarioFile sf = ScenarioParser.parseFile(file, root);
    if (replications < 1 || replications > 10_000_000) {
      throw new UserError("--replications must be between 1 and 10000000, got " + replications);
    }
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (t < 1 || t > 1024) {
      throw new UserError("--threads must be between 1 and 1024, got " + t);
    }
    if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
      throw new UserError(out + ": --out must name a directory, but a file is there");
    }
    if (trace != null && Files.isDirectory(trace)) {
      throw new UserError(trace + ": --trace must name a file, but a directory is there");
    }
    long base = seed == null ? sf.base().seed() : seed;
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (minimize != null && maximize != null) {
      throw new UserError("give --minimize or --maximize, not both");
    }
    RunControl control = new RunControl();
    try (RayJavaClient ray = rayAddress == null ? null : connect(rayAddress)) {
      Replicator replicator =
          ray == null
              ? Replicator.local(t, SimOptions.DEFAULT.withControl(control))
              : new RayReplicator(control);
      return simulate(sf, root, base, t, control, replicator, o, err);
    }
  }

  private static RayJavaClient connect(String address) {
    try {
      return RayJavaClient.connect(address);
    } catch (RuntimeException e) {
      throw new UserError(
          "--ray-address " + address + ": cannot start Ray there: " + Main.oneLine(e.getMessage()));
    }
  }

  private int simulate(
      ScenarioFile sf,
      SpecNode root,
      long base,
      int t,
      RunControl control,
      Replicator replicator,
      PrintWriter o,
      PrintWriter err)
      throws IOException {
    Sweeps sweeps = new Sweeps(this, root, base, control, replicator, o, err);
    if (find != null || over != null) {
      return sweeps.search();
    }
    if (!sets.isEmpty() || !sf.sweep().isEmpty()) {
      return sweeps.sweep();
    }
    if (minimize != null || maximize != null) {
      throw new UserError(
          (minimize != null ? "--minimize" : "--maximize")
              + " ranks the cells of a sweep; add --set PATH=VALUES or a sweep: section");
    }
    List<Summary> summaries = new java.util.ArrayList<>();
    String text = Files.readString(file);
    try (CtrlC ignored = CtrlC.install(control, err)) {
      for (int i = 0; i < sf.runs().size(); i++) {
        Scenario scenario = sf.runs().get(i);
        ScenarioSource source =
            new ScenarioSource(
                file.toAbsolutePath(), text, sf.variants().isEmpty() ? -1 : i, java.util.Map.of());
        MonteCarlo.Study study = study(scenario, source, base, control, replicator);
        if (study.runs().isEmpty()) {
          break; // stopped before this scenario's first replication began
        }
        Summary summary = Summary.of(study);
        summaries.add(summary);
        o.print(SummaryTable.render(summary));
        if (sf.runs().size() > 1) {
          o.println();
        }
        if (study.stoppedEarly()) {
          break;
        }
      }
    }
    if (control.stopRequested()) {
      o.flush();
      err.println(
          "cohort: stopped by Ctrl-C; "
              + (summaries.isEmpty() ? "no replication had started" : "partial results above")
              + ", nothing written"
              + (out != null || trace != null ? " to --out or --trace" : ""));
      err.flush();
      return CtrlC.EXIT;
    }
    if (sf.runs().size() > 1) {
      o.print(Comparison.render(summaries));
    }
    if (trace != null) {
      writeTrace(sf.runs().get(0), base);
    }
    if (out != null) {
      writeReports(sf, base, summaries);
      o.println("reports written to " + out);
    }
    o.flush();
    return 0;
  }

  /** Runs the replications, showing progress as {@code --progress} asks. */
  private MonteCarlo.Study study(
      Scenario scenario,
      ScenarioSource source,
      long base,
      RunControl control,
      Replicator replicator) {
    return StudyProgress.show(
        progress,
        10_000,
        scenario.name(),
        replications,
        scenario.horizon(),
        control,
        spec.commandLine().getErr(),
        tick -> replicator.run(scenario, source, replications, base, tick));
  }

  private void writeTrace(Scenario scenario, long base) throws IOException {
    Path tmp = sibling(trace, ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      Simulation.run(scenario, base, SimOptions.DEFAULT.withTraceLines(w));
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, trace, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Writes everything into a temporary sibling first, so a failure leaves nothing behind. One
   * scenario: report.json, report.md and charts in DIR. Variants: one such folder per variant under
   * DIR, and DIR/comparison.md.
   */
  private void writeReports(ScenarioFile sf, long base, List<Summary> summaries)
      throws IOException {
    atomically(
        out,
        tmp -> {
          if (sf.variants().isEmpty()) {
            writeOne(sf.base(), base, summaries.get(0), tmp);
          } else {
            for (int i = 0; i < summaries.size(); i++) {
              Scenario s = sf.variants().get(i);
              Path dir = tmp.resolve(s.name().substring(s.name().lastIndexOf('/') + 1));
              Files.createDirectories(dir);
              writeOne(s, base, summaries.get(i), dir);
            }
            Files.writeString(tmp.resolve("comparison.md"), Comparison.markdown(summaries));
          }
        });
  }

  /** Writes a folder's content. */
  @FunctionalInterface
  interface FolderWriter {
    void write(Path dir) throws IOException;
  }

  /**
   * Writes into a temporary sibling of {@code out} first and moves it into place, so a failure (or
   * a signal) leaves nothing half-written; files already in {@code out} that are not rewritten
   * stay.
   */
  static void atomically(Path out, FolderWriter writer) throws IOException {
    Path target = out.toAbsolutePath().normalize();
    Path parent = target.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
    Thread cleanup =
        new Thread(
            () -> {
              try {
                FileTrees.delete(tmp);
              } catch (IOException ignored) {
                // best effort on the way out (SIGINT/SIGTERM)
              }
            });
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      writer.write(tmp);
      if (!Files.exists(target)) {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return;
      }
      try (var files = Files.list(tmp)) {
        for (Path f : files.toList()) {
          Path dest = target.resolve(f.getFileName());
          if (Files.isDirectory(dest)) {
            FileTrees.delete(dest);
          }
          Files.move(f, dest, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } finally {
      FileTrees.delete(tmp);
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }
  }

  static void writeOne(Scenario scenario, long base, Summary summary, Path dir) throws IOException {
    RunResult recorded = Simulation.run(scenario, base, SimOptions.DEFAULT.withTimeline(true));
    List<String> charts = Charts.write(summary, recorded, dir);
    Files.writeString(dir.resolve("report.json"), ReportJson.render(summary));
    Files.writeString(dir.resolve("report.md"), ReportMarkdown.render(summary, charts));
  }

  private static Path sibling(Path p, String suffix) {
    Path abs = p.toAbsolutePath();
    return abs.resolveSibling("." + abs.getFileName() + suffix);
  }
}
