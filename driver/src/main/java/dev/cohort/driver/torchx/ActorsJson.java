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
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the {@code actors.json} that TorchX's Ray scheduler writes (one entry per replica with
 * {@code name}, {@code command}, {@code env}, {@code num_cpus}, {@code num_gpus}, {@code
 * min_replicas}), including its double-encoded form (a JSON string holding the array), and turns it
 * into a Cohort job whose replicas keep what their entry says: each entry is a role of one replica
 * with its own name ({@code COHORT_ROLE}), command, env and resources ({@code num_cpus} may be
 * fractional), so multi-role apps and per-replica commands run as written, on every backend.
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
    List<dev.cohort.core.spec.Role> roles = new ArrayList<>();
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
      String name = SpecFields.name(a.require("name", "the role name"));
      Map<String, String> env = a.opt("env", SpecFields::stringMap).orElse(Map.of());
      double cpus = a.opt("num_cpus", n -> n.asDouble(0, 100_000, true)).orElse(1.0);
      double gpus = a.opt("num_gpus", n -> n.asDouble(0, 100_000, true)).orElse(0.0);
      TreeMap<String, Double> res = new TreeMap<>();
      if (cpus > 0) {
        res.put("CPU", cpus);
      }
      if (gpus > 0) {
        res.put("GPU", gpus);
      }
      if (res.isEmpty()) {
        throw a.error("asks for no CPU and no GPU; give num_cpus or num_gpus");
      }
      Resources r;
      try {
        r = Resources.of(res);
      } catch (IllegalArgumentException e) {
        throw a.error(e.getMessage());
      }
      Optional<SpecNode> mn = a.get("min_replicas");
      if (mn.isPresent()) {
        int m = mn.get().asInt(1, entries.size());
        if (min != null && m != min) {
          throw mn.get()
              .error(
                  "min_replicas "
                      + m
                      + " differs from "
                      + min
                      + " given before; Cohort runs the actors as one gang with one min");
        }
        min = m;
      }
      roles.add(new dev.cohort.core.spec.Role(name, 1, argv, new TreeMap<>(env), r));
    }
    int max = entries.size();
    dev.cohort.core.spec.Role first = roles.get(0);
    JobSpec job =
        JobSpec.builder(first.name())
            .replicas(min == null ? max : min, max)
            .resources(first.resources())
            .command(first.command())
            .roles(roles)
            .build();
    return new Imported(job, Map.of());
  }
}
