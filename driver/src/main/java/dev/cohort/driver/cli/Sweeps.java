package dev.cohort.driver.cli;

import dev.cohort.core.spec.SpecNode;
import dev.cohort.sim.report.SweepCharts;
import dev.cohort.sim.report.SweepJson;
import dev.cohort.sim.report.SweepMarkdown;
import dev.cohort.sim.report.SweepTable;
import dev.cohort.sim.run.RunControl;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.sweep.Metric;
import dev.cohort.sim.sweep.Replicator;
import dev.cohort.sim.sweep.Search;
import dev.cohort.sim.sweep.SweepParameter;
import dev.cohort.sim.sweep.SweepPlan;
import dev.cohort.sim.sweep.SweepResult;
import dev.cohort.sim.sweep.SweepRunner;
import dev.cohort.sim.sweep.Target;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The sweep side of {@code cohort simulate}: {@code --set} and {@code sweep:} grids (a table, and
 * with {@code --out} per-cell reports, sweep.json, sweep.md and charts), {@code --minimize} /
 * {@code --maximize}, and {@code --find … --over …}.
 */
final class Sweeps {
  private final SimulateCommand cmd;
  private final SpecNode root;
  private final long seed;
  private final RunControl control;
  private final Replicator replicator;
  private final PrintWriter out;
  private final PrintWriter err;

  Sweeps(
      SimulateCommand cmd,
      SpecNode root,
      long seed,
      RunControl control,
      Replicator replicator,
      PrintWriter out,
      PrintWriter err) {
    this.cmd = cmd;
    this.root = root;
    this.seed = seed;
    this.control = control;
    this.replicator = replicator;
    this.out = out;
    this.err = err;
  }

  private List<SweepParameter> given() {
    List<SweepParameter> params = new ArrayList<>();
    for (String s : cmd.sets) {
      try {
        params.add(SweepParameter.parse(s));
      } catch (IllegalArgumentException e) {
        throw new UserError("--set: " + e.getMessage());
      }
    }
    return params;
  }

  /** Runs the grid; exit 0 (or 130 when stopped). */
  int sweep() throws IOException {
    if (cmd.trace != null) {
      throw new UserError("--trace records one scenario; it cannot be used with a sweep");
    }
    Optional<Metric> metric = Optional.empty();
    String rank = cmd.minimize != null ? cmd.minimize : cmd.maximize;
    if (rank != null) {
      try {
        metric = Optional.of(Metric.parse(rank));
      } catch (IllegalArgumentException e) {
        throw new UserError(
            (cmd.minimize != null ? "--minimize: " : "--maximize: ") + e.getMessage());
      }
    }
    SweepPlan plan;
    try {
      plan = SweepPlan.of(cmd.file, root, given());
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    if (metric.isPresent()) {
      try {
        metric.get().jobAmong(jobNames(plan.base()));
      } catch (IllegalArgumentException e) {
        throw new UserError(
            (cmd.minimize != null ? "--minimize: " : "--maximize: ") + e.getMessage());
      }
    }
    SweepResult result;
    long total = (long) plan.cells().size() * cmd.replications;
    try (CtrlC ignored = CtrlC.install(control, err)) {
      result =
          StudyProgress.counted(
              cmd.progress,
              10_000,
              "sweep",
              total,
              err,
              tick ->
                  SweepRunner.run(
                      plan,
                      cmd.replications,
                      seed,
                      replicator,
                      SimOptions.DEFAULT.withControl(control),
                      tick));
    }
    int best = metric.map(m -> result.best(m, cmd.minimize != null)).orElse(-1);
    out.print(SweepTable.render(result, metric, best));
    if (control.stopRequested()) {
      out.flush();
      err.println("cohort: stopped by Ctrl-C; partial results above, nothing written");
      err.flush();
      return CtrlC.EXIT;
    }
    if (cmd.out != null) {
      Optional<Metric> m = metric;
      SimulateCommand.atomically(
          cmd.out,
          dir -> {
            List<String> cellDirs = new ArrayList<>();
            for (int i = 0; i < result.summaries().size(); i++) {
              String name = String.format(Locale.ROOT, "cell-%03d", i + 1);
              Path cellDir = Files.createDirectories(dir.resolve(name));
              SimulateCommand.writeOne(
                  plan.cells().get(i).scenario(), seed, result.summary(i), cellDir);
              Files.writeString(cellDir.resolve("values.txt"), plan.cells().get(i).label() + "\n");
              cellDirs.add(name);
            }
            List<String> charts = SweepCharts.write(result, dir);
            Files.writeString(dir.resolve("sweep.json"), SweepJson.render(result));
            Files.writeString(
                dir.resolve("sweep.md"), SweepMarkdown.render(result, m, best, charts, cellDirs));
          });
      out.println("sweep written to " + cmd.out + " (sweep.md, sweep.json, cell-*/)");
    }
    out.flush();
    return 0;
  }

  /** The names a metric may read, as the summary lists them: declared jobs, then arrivals. */
  private static List<String> jobNames(dev.cohort.sim.scenario.Scenario s) {
    List<String> names = new ArrayList<>();
    s.jobs().forEach(j -> names.add(j.spec().name()));
    s.arrivals().forEach(a -> names.add(a.name()));
    return names;
  }

  /** Runs the search; exit 0 when a value meets the target, 1 when none does. */
  int search() {
    if (cmd.find == null || cmd.over == null) {
      throw new UserError(
          "--find and --over go together, e.g. --find 'p90(wait) < 1h' --over"
              + " cluster.nodeGroups.gpu.count=16..256");
    }
    if (!cmd.sets.isEmpty()
        || cmd.minimize != null
        || cmd.maximize != null
        || cmd.out != null
        || cmd.trace != null) {
      throw new UserError(
          "--find runs on its own: drop --set, --minimize, --maximize, --out, --trace");
    }
    Target target;
    SweepParameter over;
    try {
      target = Target.parse(cmd.find);
    } catch (IllegalArgumentException e) {
      throw new UserError("--find: " + e.getMessage());
    }
    try {
      over = SweepParameter.parse(cmd.over);
    } catch (IllegalArgumentException e) {
      throw new UserError("--over: " + e.getMessage().replace("--set", "--over"));
    }
    over = new SweepParameter(over.path(), over.values(), "--over " + over.path());
    final SweepParameter searched = over;
    // Check the path and both ends before the first run.
    SweepParameter ends =
        new SweepParameter(
            over.path(),
            over.values().size() == 1
                ? over.values()
                : List.of(over.values().get(0), over.values().get(over.values().size() - 1)),
            over.origin());
    try {
      SweepPlan.of(cmd.file, root, List.of(ends), false);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    Search.Outcome o;
    try (CtrlC ignored = CtrlC.install(control, err)) {
      o =
          Search.find(
              cmd.file,
              root,
              target,
              over,
              cmd.replications,
              seed,
              replicator,
              p -> {
                err.println(
                    String.format(
                        Locale.ROOT,
                        "probe %s=%s: %s = %s over %d run(s) -> %s",
                        searched.path(),
                        p.value(),
                        target.metric().text(),
                        target.metric().format(p.metric()),
                        p.replications(),
                        p.met() ? "met" : "not met"));
                err.flush();
              });
    } catch (IllegalArgumentException e) {
      throw new UserError("--find: " + e.getMessage());
    }
    err.flush();
    if (control.stopRequested()) {
      err.println("cohort: stopped by Ctrl-C; the search did not finish");
      err.flush();
      return CtrlC.EXIT;
    }
    double[] ci = o.confidence();
    String share =
        String.format(
            Locale.ROOT,
            "%d of %d runs meet it on their own (95%% interval %.0f%%–%.0f%%)",
            o.at().runsMet(),
            o.at().replications(),
            100 * ci[0],
            100 * ci[1]);
    if (o.found().isPresent()) {
      out.printf(
          "smallest %s meeting %s: %s (%s = %s over %d runs; %s)%n",
          o.path(),
          target.text(),
          o.found().get(),
          target.metric().text(),
          target.metric().format(o.at().metric()),
          o.at().replications(),
          share);
      out.printf("%d probe(s), seeds %d.. in every probe%n", o.probes().size(), seed);
      out.flush();
      return 0;
    }
    out.printf(
        "no value of %s up to %s meets %s (%s = %s there; %s)%n",
        o.path(),
        o.at().value(),
        target.text(),
        target.metric().text(),
        target.metric().format(o.at().metric()),
        share);
    out.flush();
    return 1;
  }
}
