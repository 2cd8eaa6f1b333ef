package dev.cohort.driver.cli;

import dev.cohort.core.job.TransitionObserver;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.SpecNode;
import dev.cohort.core.spec.SpecReader;
import dev.cohort.driver.journal.JobSource;
import dev.cohort.driver.journal.JournalReader;
import dev.cohort.driver.journal.RecordedRun;
import dev.cohort.driver.journal.Replay;
import dev.cohort.sim.report.Human;
import dev.cohort.sim.report.Summary;
import dev.cohort.sim.report.SummaryTable;
import dev.cohort.sim.run.JobResult;
import dev.cohort.sim.run.MonteCarlo;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioParser;
import dev.cohort.sim.scenario.ScenarioYaml;
import dev.cohort.sim.sweep.ScenarioPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cohort replay JOURNAL}: feeds a run's recorded events to a fresh controller and checks it
 * issues the recorded commands. With {@code --simulate}, turns the run into a scenario and
 * simulates it, with what-ifs set by path.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    header = "Replay a run's journal through a fresh controller, or simulate the run.",
    description = {
      "Exit 0 when the controller issues the recorded commands, 1 with the first divergence.",
      "%n--simulate turns the recorded run into a scenario (its nodes, its losses at their times,"
          + " its observed run time) and simulates it, e.g. with --set"
          + " cluster.nodeGroups[0].count=6 or --set jobs[0].maxRestarts=10."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "  0:success",
      "  1:the replay diverged",
      "  2:bad input: one line 'error: FILE:LINE:COL: field: what is wrong'",
      " 70:internal error or out of memory: one line naming a crash file",
      "130:stopped by Ctrl-C"
    },
    sortOptions = false)
final class ReplayCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "JOURNAL", description = "a run's journal")
  Path journal;

  @Option(names = "--simulate", description = "simulate the recorded run instead")
  boolean simulate;

  @Option(
      names = "--set",
      paramLabel = "PATH=VALUE",
      description =
          "with --simulate: change the scenario, e.g. jobs[0].maxRestarts=10 (repeatable)")
  List<String> sets = new ArrayList<>();

  @Option(
      names = "--write-scenario",
      paramLabel = "FILE",
      description = "with --simulate: also write the scenario there (to edit and simulate later)")
  Path writeScenario;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    JournalReader.Recorded rec;
    try {
      rec = JournalReader.read(journal);
    } catch (JournalReader.Damaged e) {
      throw new UserError(e.getMessage());
    }
    rec.warnings().forEach(w -> err.println("warning: " + w));
    JobSpec job = JobSource.parse(rec.header().source()).spec();
    Replay.Result r = Replay.run(job, rec, TransitionObserver.NONE);
    if (!simulate) {
      if (r.divergence().isPresent()) {
        err.println("cohort: " + journal + " diverges at " + r.divergence().get());
        return 1;
      }
      out.printf(
          "%s: %d step(s) replayed, the controller issues the recorded commands (job %s %s)%n",
          journal, r.steps(), job.name(), r.controller().state());
      return 0;
    }
    return simulate(out, rec, job, r);
  }

  private int simulate(
      PrintWriter out, JournalReader.Recorded rec, JobSpec job, Replay.Result replayed)
      throws IOException {
    Scenario base = RecordedRun.scenario(rec, job);
    String name = journal + " (as a scenario)";
    String yaml = ScenarioYaml.write(base);
    Scenario s = ScenarioParser.parse(name, yaml);
    if (!sets.isEmpty()) {
      s = apply(name, yaml, sets);
      yaml = ScenarioYaml.write(s);
    }
    if (writeScenario != null) {
      Files.writeString(writeScenario, yaml);
    }
    RecordedRun.Facts facts = RecordedRun.facts(rec, replayed.controller().restarts());
    out.printf(
        "recorded: job %s %s after %s, %d restart(s), %d loss(es)%n",
        job.name(),
        facts.outcome().map(Enum::name).orElse(replayed.controller().state().name()),
        Human.duration(facts.span() / 1e6),
        facts.restarts(),
        facts.losses());
    MonteCarlo.Study study = MonteCarlo.run(s, 1, s.seed(), 1, SimOptions.DEFAULT, i -> {});
    JobResult j = study.runs().get(0).job(job.name());
    out.printf(
        "simulated%s: job %s %s after %s, %d restart(s)%n",
        sets.isEmpty() ? "" : " with " + String.join(", ", sets),
        job.name(),
        j.status(),
        j.finishedAt().map(t -> Human.duration(t / 1e6)).orElse("(unfinished)"),
        j.restarts());
    out.print(SummaryTable.render(Summary.of(study)));
    return 0;
  }

  /**
   * The scenario of {@code yaml} with {@code PATH=VALUE} changes (paths as in sweeps: entries by
   * name or index, {@code jobs[0].maxRestarts} or {@code jobs.job-1.maxRestarts}).
   */
  static Scenario apply(String name, String yaml, List<String> sets) {
    SpecNode.SpecMap root =
        SpecReader.read(name, yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)).asMap();
    for (String set : sets) {
      int eq = set.indexOf('=');
      if (eq <= 0 || eq == set.length() - 1) {
        throw new UserError("--set " + set + ": expected PATH=VALUE, e.g. jobs[0].maxRestarts=10");
      }
      try {
        root =
            ScenarioPaths.set(
                root, set.substring(0, eq), set.substring(eq + 1), "--set " + set.substring(0, eq));
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
    }
    return ScenarioParser.parseFile(java.nio.file.Path.of(name), root).base();
  }
}
