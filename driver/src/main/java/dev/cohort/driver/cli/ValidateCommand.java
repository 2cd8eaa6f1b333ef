package dev.cohort.driver.cli;

import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.JobSpecParser;
import dev.cohort.core.spec.SpecNode;
import dev.cohort.core.spec.SpecReader;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioParser;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cohort validate FILE}: checks a scenario or job file without running anything. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    header = "Check a scenario or job file and say what it holds.",
    description = {
      "A file with a 'cluster' key is read as a scenario, otherwise as a job file. Nothing runs."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "  0:success",
      "  1:(not used)",
      "  2:bad input: one line 'error: FILE:LINE:COL: field: what is wrong'",
      " 70:internal error or out of memory: one line naming a crash file",
      "130:stopped by Ctrl-C"
    },
    sortOptions = false)
final class ValidateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "YAML or JSON scenario or job file")
  Path file;

  @picocli.CommandLine.Option(
      names = "--json",
      description = "print what the file holds as JSON (errors stay one line on stderr)")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** A TorchX actors.json: the job it becomes, replica by replica. */
  private int actors() {
    JobSpec j = dev.cohort.driver.torchx.ActorsJson.read(file).job();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      com.fasterxml.jackson.databind.node.ObjectNode o =
          new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
      o.put("file", file.toString())
          .put("kind", "actors.json")
          .put("name", j.name())
          .put("min", j.replicas().min())
          .put("max", j.replicas().max());
      com.fasterxml.jackson.databind.node.ArrayNode rs = o.putArray("replicas");
      for (int i = 0; i < j.replicas().max(); i++) {
        com.fasterxml.jackson.databind.node.ObjectNode r = rs.addObject();
        r.put("index", i)
            .put("role", j.roleOf(i).name())
            .put("resources", j.resourcesOf(i).toString());
        j.commandOf(i).forEach(r.putArray("command")::add);
        com.fasterxml.jackson.databind.node.ObjectNode env = r.putObject("env");
        j.envOf(i).forEach(env::put);
      }
      out.println(o.toString());
      return 0;
    }
    out.printf(
        "ok: %s: actors.json: job '%s', replicas %s%n", file, j.name(), j.replicas().nnodes());
    for (int i = 0; i < j.replicas().max(); i++) {
      out.printf(
          "  r%d %s %s: %s%s%n",
          i,
          j.roleOf(i).name(),
          j.resourcesOf(i),
          String.join(" ", j.commandOf(i)),
          j.envOf(i).isEmpty() ? "" : "  env " + j.envOf(i));
    }
    return 0;
  }

  @Override
  public Integer call() {
    SpecNode root = SpecReader.read(file);
    if (root instanceof SpecNode.SpecList
        || (root instanceof SpecNode.SpecScalar sc
            && sc.value() instanceof String text
            && text.strip().startsWith("["))) {
      return actors();
    }
    // A job file names job fields; anything else is read as a scenario, so its errors speak of
    // scenarios.
    boolean jobFile =
        root instanceof SpecNode.SpecMap m
            && !m.has("cluster")
            && !m.has("jobs")
            && !m.has("arrivals")
            && m.keys().stream().anyMatch(JobSpecParser.JOB_KEYS::contains);
    if (!jobFile) {
      Scenario s = ScenarioParser.parseFile(file, root).base();
      if (json) {
        com.fasterxml.jackson.databind.node.ObjectNode o =
            new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        o.put("file", file.toString())
            .put("kind", "scenario")
            .put("name", s.name())
            .put("nodeGroups", s.nodeGroups().size())
            .put("nodes", s.nodeCount())
            .put("jobs", s.jobs().size())
            .put("arrivals", s.arrivals().size())
            .put("horizonSeconds", dev.cohort.core.spec.Durations.seconds(s.horizon()))
            .put("seed", s.seed());
        spec.commandLine().getOut().println(o.toString());
        return 0;
      }
      StringBuilder extra = new StringBuilder();
      s.cluster()
          .availability()
          .ifPresent(
              t ->
                  extra.append(
                      String.format(
                          ", an availability trace of %d event(s) over %d node(s)",
                          t.size(), new java.util.HashSet<>(java.util.List.of(t.node())).size())));
      long traced =
          s.arrivals().stream().filter(a -> a.trace().isPresent()).mapToLong(a -> a.count()).sum();
      if (traced > 0) {
        extra.append(String.format(", %d job(s) from traces", traced));
      }
      if (!s.cluster().maintenance().isEmpty()) {
        extra.append(
            String.format(", %d maintenance schedule(s)", s.cluster().maintenance().size()));
      }
      spec.commandLine()
          .getOut()
          .printf(
              "ok: %s: scenario '%s': %d node group(s), %d node(s), %d job(s), %d arrivals entr%s%s,"
                  + " horizon %s, seed %d%n",
              file,
              s.name(),
              s.nodeGroups().size(),
              s.nodeCount(),
              s.jobs().size(),
              s.arrivals().size(),
              s.arrivals().size() == 1 ? "y" : "ies",
              extra,
              dev.cohort.core.spec.Durations.format(s.horizon()),
              s.seed());
    } else {
      JobSpec j = JobSpecParser.parse(root.asMap(), java.util.Set.of(), java.util.Optional.empty());
      if (json) {
        com.fasterxml.jackson.databind.node.ObjectNode o =
            new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        o.put("file", file.toString())
            .put("kind", "job")
            .put("name", j.name())
            .put("min", j.replicas().min())
            .put("max", j.replicas().max())
            .put("resources", j.resources().toString())
            .put("strategy", j.strategy().name())
            .put("reservation", j.reservation().name());
        spec.commandLine().getOut().println(o.toString());
        return 0;
      }
      spec.commandLine()
          .getOut()
          .printf(
              "ok: %s: job '%s': replicas %s, %s per replica, %s, %s%n",
              file,
              j.name(),
              j.replicas().nnodes(),
              j.resources(),
              j.strategy(),
              j.reservation().label());
    }
    return 0;
  }
}
