package dev.cohort.driver.torchx;

import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.SpecFields;
import dev.cohort.core.spec.SpecNode;
import dev.cohort.core.spec.SpecReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the {@code actors.json} that TorchX's Ray scheduler writes (one entry per replica with
 * {@code name}, {@code command}, {@code env}, {@code num_cpus}, {@code num_gpus}, {@code
 * min_replicas}), including its double-encoded form (a JSON string holding the array), and turns it
 * into a Cohort job. Replicas whose command differs from the first keep their own command.
 */
public final class ActorsJson {

  /** The job, plus per-replica commands that differ from the job's. */
  public record Imported(JobSpec job, Map<Integer, List<String>> commandOverrides) {}

  private static final Set<String> KEYS =
      Set.of("name", "command", "env", "num_cpus", "num_gpus", "min_replicas");

  private ActorsJson() {}

  /** Reads and converts {@code file}. */
  public static Imported read(Path file) {
    return convert(file.toString(), SpecReader.read(file));
  }

  /** Converts an actors.json given as bytes ({@code name} is what errors call it). */
  public static Imported read(String name, byte[] bytes) {
    return convert(name, SpecReader.read(name, bytes));
  }

  private static Imported convert(String file, SpecNode root) {
    if (root instanceof SpecNode.SpecScalar s && s.value() instanceof String inner) {
      // TorchX's serialize() JSON-encodes the list, then encodes that string again.
      root = SpecReader.read(file + " (inner JSON)", inner.getBytes(StandardCharsets.UTF_8));
    }
    List<SpecNode> entries = root.asList().items();
    if (entries.isEmpty()) {
      throw root.error("expected at least one actor");
    }
    List<List<String>> commands = new ArrayList<>();
    Map<String, String> env = Map.of();
    String name = null;
    int cpus = 1;
    int gpus = 0;
    Integer min = null;
    for (int i = 0; i < entries.size(); i++) {
      SpecNode.SpecMap a = entries.get(i).asMap().nullsAsAbsent().allowOnly(KEYS);
      List<String> argv = new ArrayList<>();
      for (SpecNode x : a.require("command", "the replica's argv").asList().items()) {
        argv.add(x.asText("an argument"));
      }
      if (argv.isEmpty()) {
        throw a.require("command", "").error("must name a program");
      }
      commands.add(argv);
      if (i == 0) {
        name = SpecFields.name(a.require("name", "the role name"));
        env = a.opt("env", SpecFields::stringMap).orElse(Map.of());
        cpus = a.opt("num_cpus", n -> n.asInt(0, 100_000)).orElse(1);
        gpus = a.opt("num_gpus", n -> n.asInt(0, 100_000)).orElse(0);
        min = a.opt("min_replicas", n -> n.asInt(1, entries.size())).orElse(null);
      }
    }
    int max = entries.size();
    TreeMap<String, Double> res = new TreeMap<>();
    res.put("CPU", (double) Math.max(1, cpus)); // as TorchX: max(1, cpu)
    if (gpus > 0) {
      res.put("GPU", (double) gpus);
    }
    JobSpec job =
        JobSpec.builder(name)
            .replicas(min == null ? max : min, max)
            .resources(Resources.of(res))
            .command(commands.get(0))
            .env(env)
            .build();
    TreeMap<Integer, List<String>> overrides = new TreeMap<>();
    for (int i = 1; i < commands.size(); i++) {
      if (!commands.get(i).equals(commands.get(0))) {
        overrides.put(i, commands.get(i));
      }
    }
    return new Imported(job, overrides);
  }
}
