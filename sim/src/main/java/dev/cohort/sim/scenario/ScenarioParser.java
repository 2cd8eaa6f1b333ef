package dev.cohort.sim.scenario;

import dev.cohort.core.spec.Durations;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.JobSpecParser;
import dev.cohort.core.spec.SpecException;
import dev.cohort.core.spec.SpecFields;
import dev.cohort.core.spec.SpecNode;
import dev.cohort.core.spec.SpecNode.SpecMap;
import dev.cohort.core.spec.SpecReader;
import dev.cohort.sim.gcs.GcsConfig;
import dev.cohort.sim.sweep.SweepParameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads scenario files (YAML or JSON). Field checks go through core's {@link SpecNode} accessors
 * and {@link JobSpecParser}, so every mistake is reported as {@code FILE:LINE:COL: field: what is
 * wrong and what is allowed}. docs/scenario.md lists every key and default.
 */
public final class ScenarioParser {

  /** Default horizon when a scenario names none: 7 days. */
  public static final long DEFAULT_HORIZON = 7 * Durations.MICROS_PER_DAY;

  /** Default seed when a scenario names none. */
  public static final long DEFAULT_SEED = 1;

  private static final Set<String> TOP =
      Set.of("name", "seed", "horizon", "gcs", "cluster", "jobs", "arrivals", "variants", "sweep");

  private static final Set<String> SUBMIT_AT = Set.of("submitAt");

  private ScenarioParser() {}

  /** Reads and validates a scenario file, variants included. */
  public static ScenarioFile parseFile(Path file) {
    return parseFile(file, SpecReader.read(file));
  }

  /** Validates a scenario file already read into {@code root} (read once, checked once). */
  public static ScenarioFile parseFile(Path file, SpecNode root) {
    String base = file.getFileName() == null ? "scenario" : file.getFileName().toString();
    return withVariants(
        root, base.replaceFirst("\\.(ya?ml|json)$", ""), new SourceFiles(folderOf(file)));
  }

  /** The folder trace files of a scenario at {@code file} are relative to. */
  private static Path folderOf(Path file) {
    Path parent = file.getParent();
    return parent == null ? Path.of("") : parent;
  }

  /** Reads a scenario file and returns its base scenario (variants are validated, not returned). */
  public static Scenario parse(Path file) {
    return parseFile(file).base();
  }

  /** Reads a scenario from text; {@code name} is used in messages (e.g. a file name). */
  public static Scenario parse(String name, String text) {
    return parseText(name, text).base();
  }

  /**
   * Reads a scenario file's text, variants included; files it names are relative to the folder of
   * {@code name} when that is a path, else to the working directory.
   */
  public static ScenarioFile parseText(String name, String text) {
    Path folder;
    try {
      folder = folderOf(Path.of(name));
    } catch (java.nio.file.InvalidPathException e) {
      folder = Path.of("");
    }
    return parseText(name, text, folder);
  }

  /** Reads a scenario's text; files it names are relative to {@code folder}. */
  public static ScenarioFile parseText(String name, String text, Path folder) {
    SpecNode root = SpecReader.read(name, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return withVariants(root, name.replaceFirst("\\.(ya?ml|json)$", ""), new SourceFiles(folder));
  }

  private static ScenarioFile withVariants(
      SpecNode rootNode, String defaultName, SourceFiles files) {
    SpecMap all = rootNode.asMap().allowOnly(TOP);
    SpecMap base = all.without("variants").without("sweep");
    List<SweepParameter> sweep = all.opt("sweep", ScenarioParser::sweep).orElse(List.of());
    if (!sweep.isEmpty() && all.has("variants")) {
      throw all.require("sweep", "")
          .error(
              "a scenario with variants cannot also sweep; make each variant a value of a swept"
                  + " key, or sweep a copy without variants");
    }
    Scenario baseScenario = parse(base, defaultName, files);
    List<Scenario> variants = new ArrayList<>();
    Map<String, SpecNode> names = new HashMap<>();
    for (SpecNode vn : all.opt("variants", n -> n.asList().items()).orElse(List.of())) {
      SpecMap v = vn.asMap().allowOnly(Set.of("name", "jobs", "arrivals", "gcs", "horizon"));
      SpecNode nameNode = v.require("name", "what this variant is called in reports");
      String vname = SpecFields.name(nameNode);
      if (names.put(vname, nameNode) != null) {
        throw nameNode.error("variant '" + vname + "' is declared twice");
      }
      SpecMap root = base;
      if (v.has("horizon")) {
        root = root.with("horizon", v.require("horizon", ""));
      }
      Optional<SpecNode> gcs = v.get("gcs");
      if (gcs.isPresent()) {
        SpecMap over = gcs.get().asMap();
        root =
            root.with("gcs", base.get("gcs").map(g -> g.asMap().overriddenBy(over)).orElse(over));
      }
      Optional<SpecNode> jobs = v.get("jobs");
      if (jobs.isPresent()) {
        root = root.with("jobs", overrideByName(base, "jobs", jobs.get().asMap(), false));
      }
      Optional<SpecNode> arrivals = v.get("arrivals");
      if (arrivals.isPresent()) {
        root =
            root.with("arrivals", overrideByName(base, "arrivals", arrivals.get().asMap(), true));
      }
      Scenario s = parse(root, defaultName, files);
      variants.add(s.withName(baseScenario.name() + "/" + vname));
    }
    return new ScenarioFile(baseScenario, variants, sweep);
  }

  /**
   * The {@code sweep:} section: each key a dotted path, each value a list of values or a range
   * ({@code 48..80/8}, {@code 15m..2h/15m}).
   */
  private static List<SweepParameter> sweep(SpecNode node) {
    SpecMap m = node.asMap();
    if (m.size() == 0) {
      throw node.error("lists no keys; give PATH: [VALUES] or PATH: FROM..TO/STEP");
    }
    List<SweepParameter> out = new ArrayList<>();
    for (String path : m.keys()) {
      SpecNode v = m.get(path).orElseThrow();
      String origin = "sweep." + path;
      List<String> values;
      try {
        if (v instanceof SpecNode.SpecList list) {
          List<String> texts = new ArrayList<>();
          for (SpecNode item : list.items()) {
            texts.add(item.asScalar("a single value").raw());
          }
          values = SweepParameter.listed(texts, origin);
        } else {
          values = SweepParameter.values(v.asScalar("a list of values or a range").raw(), origin);
        }
      } catch (IllegalArgumentException e) {
        String msg = e.getMessage();
        throw v.error(msg.startsWith(origin + ": ") ? msg.substring(origin.length() + 2) : msg);
      }
      out.add(new SweepParameter(path, values, v.location().toString()));
    }
    return out;
  }

  /** Replaces fields of the named entries of list {@code key} with those in {@code overrides}. */
  private static SpecNode overrideByName(
      SpecMap base, String key, SpecMap overrides, boolean mergeJob) {
    SpecNode.SpecList list =
        base.get(key)
            .orElseThrow(() -> overrides.error("the scenario has no '" + key + "' to override"))
            .asList();
    List<SpecNode> items = new ArrayList<>(list.items());
    for (String name : overrides.keys()) {
      SpecMap over =
          overrides
              .get(name)
              .orElseThrow(() -> overrides.error("'" + name + "' has no overrides"))
              .asMap();
      boolean found = false;
      for (int i = 0; i < items.size(); i++) {
        SpecMap item = items.get(i).asMap();
        Optional<SpecNode> n = item.get("name");
        if (n.isPresent() && n.get() instanceof SpecNode.SpecScalar sc && name.equals(sc.value())) {
          SpecMap merged = item.overriddenBy(over.without("job"));
          if (mergeJob && over.has("job")) {
            SpecMap job = item.require("job", "").asMap();
            merged = merged.with("job", job.overriddenBy(over.require("job", "").asMap()));
          }
          items.set(i, merged);
          found = true;
        }
      }
      if (!found) {
        throw new SpecException(
            overrides.keyLocation(name),
            overrides.path()
                + "."
                + name
                + ": no entry named '"
                + name
                + "' in '"
                + key
                + "' to override");
      }
    }
    return list.withItems(items);
  }

  private static Scenario parse(SpecMap root, String defaultName, SourceFiles files) {
    String name = root.opt("name", SpecFields::name).orElse(safeName(defaultName));
    long seed =
        root.opt("seed", n -> n.asLong(Long.MIN_VALUE, Long.MAX_VALUE)).orElse(DEFAULT_SEED);
    long horizon = root.opt("horizon", n -> n.asDuration(false)).orElse(DEFAULT_HORIZON);
    GcsConfig gcs = root.opt("gcs", GcsSection::parse).orElse(GcsConfig.DEFAULTS);
    ClusterSpec cluster =
        ClusterSection.parse(
            root.require(
                "cluster", "the nodes: {nodeGroups: [...], failures: [...], randomFailures: ...}"),
            files);
    if (gcs.actors().driverNode().isPresent()) {
      SpecNode where =
          root.get("gcs")
              .flatMap(g -> g.asMap().get("actors"))
              .flatMap(a -> a.asMap().get("driverNode"))
              .orElse(root);
      ClusterSection.checkNode(cluster, where, gcs.actors().driverNode().get());
    }

    Map<String, SpecNode> jobNames = new HashMap<>();
    List<ScenarioJob> jobs = new ArrayList<>();
    for (SpecNode j : root.opt("jobs", n -> n.asList().items()).orElse(List.of())) {
      SpecMap m = j.asMap();
      JobSpec spec = JobSpecParser.parse(m, SUBMIT_AT, Optional.empty());
      requireWork(m, spec);
      if (jobNames.put(spec.name(), m.require("name", "")) != null) {
        throw m.require("name", "")
            .error("job name '" + spec.name() + "' is used twice; names must be unique");
      }
      long submitAt = m.opt("submitAt", n -> n.asDuration(true)).orElse(0L);
      jobs.add(new ScenarioJob(submitAt, spec));
    }
    List<ArrivalSpec> arrivals = new ArrayList<>();
    for (SpecNode a : root.opt("arrivals", n -> n.asList().items()).orElse(List.of())) {
      ArrivalSpec spec = ArrivalsSection.parse(a, files);
      for (String declared : jobNames.keySet()) {
        if (declared.startsWith(spec.name() + "-")) {
          String k = declared.substring(spec.name().length() + 1);
          if (k.matches("0|[1-9][0-9]{0,9}") && Long.parseLong(k) < spec.count()) {
            throw a.asMap()
                .require("name", "")
                .error(
                    "generated job name '"
                        + declared
                        + "' clashes with a declared job; pick another arrivals name");
          }
        }
      }
      for (ArrivalSpec other : arrivals) {
        if (other.name().equals(spec.name())) {
          throw a.asMap()
              .require("name", "")
              .error("arrivals name '" + spec.name() + "' is used twice");
        }
      }
      arrivals.add(spec);
    }
    if (jobs.isEmpty() && arrivals.isEmpty()) {
      throw root.error("declares no jobs and no arrivals; add a 'jobs' or 'arrivals' list");
    }
    return new Scenario(name, seed, horizon, gcs, cluster, jobs, arrivals);
  }

  private static String safeName(String s) {
    String cleaned = s.replaceAll("[^A-Za-z0-9._-]", "-");
    return cleaned.isEmpty() ? "scenario" : cleaned;
  }

  static void requireWork(SpecMap m, JobSpec spec) {
    if (spec.work().isEmpty()) {
      throw m.error(
          "job '"
              + spec.name()
              + "' has no 'work'; a simulation needs {duration: D} or {total: W, checkpointEvery:"
              + " C, ...} (a command alone cannot be timed)");
    }
  }
}
