package dev.cohort.sim.scenario;

import dev.cohort.core.placement.HybridPolicy;
import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.Distribution;
import dev.cohort.core.spec.Durations;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.JobSpecParser;
import dev.cohort.core.spec.SpecException;
import dev.cohort.core.spec.SpecFields;
import dev.cohort.core.spec.SpecNode;
import dev.cohort.core.spec.SpecNode.SpecMap;
import dev.cohort.core.spec.SpecReader;
import dev.cohort.sim.gcs.ActorPolicy;
import dev.cohort.sim.gcs.ActorScheduling;
import dev.cohort.sim.gcs.GcsConfig;
import dev.cohort.sim.gcs.PgPriority;
import dev.cohort.sim.gcs.TieBreak;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

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
      Set.of("name", "seed", "horizon", "gcs", "cluster", "jobs", "arrivals", "variants");

  private ScenarioParser() {}

  /** Reads and validates a scenario file, variants included. */
  public static ScenarioFile parseFile(Path file) {
    SpecNode root = SpecReader.read(file);
    String base = file.getFileName() == null ? "scenario" : file.getFileName().toString();
    return withVariants(root, base.replaceFirst("\\.(ya?ml|json)$", ""));
  }

  /** Reads a scenario file and returns its base scenario (variants are validated, not returned). */
  public static Scenario parse(Path file) {
    return parseFile(file).base();
  }

  /** Reads a scenario from text; {@code name} is used in messages (e.g. a file name). */
  public static Scenario parse(String name, String text) {
    return parseText(name, text).base();
  }

  /** Reads a scenario file's text, variants included. */
  public static ScenarioFile parseText(String name, String text) {
    SpecNode root = SpecReader.read(name, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return withVariants(root, name.replaceFirst("\\.(ya?ml|json)$", ""));
  }

  private static ScenarioFile withVariants(SpecNode rootNode, String defaultName) {
    SpecMap all = rootNode.asMap().allowOnly(TOP);
    SpecMap base = all.without("variants");
    Scenario baseScenario = parse(base, defaultName);
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
      Scenario s = parse(root, defaultName);
      variants.add(s.withName(baseScenario.name() + "/" + vname));
    }
    return new ScenarioFile(baseScenario, variants);
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
    return new SpecNode.SpecList(list.location(), list.path(), items);
  }

  private static Scenario parse(SpecMap root, String defaultName) {
    String name = root.opt("name", SpecFields::name).orElse(safeName(defaultName));
    long seed =
        root.opt("seed", n -> n.asLong(Long.MIN_VALUE, Long.MAX_VALUE)).orElse(DEFAULT_SEED);
    long horizon = root.opt("horizon", n -> n.asDuration(false)).orElse(DEFAULT_HORIZON);
    GcsConfig gcs = root.opt("gcs", ScenarioParser::gcs).orElse(GcsConfig.DEFAULTS);

    SpecMap cluster =
        root.require("cluster", "the nodes: {nodeGroups: [...], failures: [...]}")
            .asMap()
            .allowOnly(Set.of("nodeGroups", "failures", "randomFailures"));
    List<NodeGroupSpec> groups = new ArrayList<>();
    Map<String, NodeGroupSpec> byName = new HashMap<>();
    SpecNode groupsNode = cluster.require("nodeGroups", "a list of node groups");
    for (SpecNode g : groupsNode.asList().items()) {
      NodeGroupSpec spec = nodeGroup(g);
      if (byName.put(spec.name(), spec) != null) {
        throw g.asMap()
            .require("name", "")
            .error("node group '" + spec.name() + "' is declared twice");
      }
      groups.add(spec);
    }
    if (groups.isEmpty()) {
      throw groupsNode.error("needs at least one node group");
    }
    if (gcs.actors().driverNode().isPresent()
        && !nodeExists(gcs.actors().driverNode().get(), byName)) {
      SpecNode where =
          root.get("gcs")
              .flatMap(g -> g.asMap().get("actors"))
              .flatMap(a -> a.asMap().get("driverNode"))
              .orElse(groupsNode);
      throw where.error(
          "unknown node '"
              + gcs.actors().driverNode().get()
              + "'; nodes are named <group>-<index> with index from 0 to count-1, e.g. "
              + exampleNode(byName));
    }
    List<ScriptedFailure> failures = new ArrayList<>();
    for (SpecNode f : cluster.opt("failures", n -> n.asList().items()).orElse(List.of())) {
      failures.add(failure(f, byName));
    }
    List<RandomFailureSpec> random = new ArrayList<>();
    cluster
        .get("randomFailures")
        .ifPresent(
            n -> {
              if (n instanceof SpecNode.SpecList l) {
                for (SpecNode item : l.items()) {
                  random.add(randomFailure(item, groups));
                }
              } else {
                random.add(randomFailure(n, groups));
              }
            });

    Map<String, SpecNode> jobNames = new HashMap<>();
    List<ScenarioJob> jobs = new ArrayList<>();
    for (SpecNode j : root.opt("jobs", n -> n.asList().items()).orElse(List.of())) {
      SpecMap m = j.asMap();
      JobSpec spec = JobSpecParser.parse(m, Set.of("submitAt"), Optional.empty());
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
      ArrivalSpec spec = arrival(a);
      for (int k = 0; k < spec.count(); k++) {
        if (jobNames.containsKey(spec.jobName(k))) {
          throw a.asMap()
              .require("name", "")
              .error(
                  "generated job name '"
                      + spec.jobName(k)
                      + "' clashes with a declared job; pick another arrivals name");
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
    return new Scenario(name, seed, horizon, gcs, groups, failures, random, jobs, arrivals);
  }

  private static String safeName(String s) {
    String cleaned = s.replaceAll("[^A-Za-z0-9._-]", "-");
    return cleaned.isEmpty() ? "scenario" : cleaned;
  }

  private static void requireWork(SpecMap m, JobSpec spec) {
    if (spec.work().isEmpty()) {
      throw m.error(
          "job '"
              + spec.name()
              + "' has no 'work'; a simulation needs {duration: D} or {total: W, checkpointEvery:"
              + " C, ...} (a command alone cannot be timed)");
    }
  }

  private static NodeGroupSpec nodeGroup(SpecNode n) {
    SpecMap m = n.asMap().allowOnly(Set.of("name", "count", "resources", "labels", "joinAt"));
    String name = SpecFields.name(m.require("name", "the group name; nodes are <name>-<index>"));
    int count = m.opt("count", x -> x.asInt(1, 1_000_000)).orElse(1);
    Resources res =
        SpecFields.resources(m.require("resources", "each node's resources, e.g. {CPU: 8}"), false);
    TreeMap<String, String> labels =
        new TreeMap<>(m.opt("labels", SpecFields::stringMap).orElse(Map.of()));
    long joinAt = m.opt("joinAt", x -> x.asDuration(true)).orElse(0L);
    return new NodeGroupSpec(
        name, count, res, java.util.Collections.unmodifiableSortedMap(labels), joinAt);
  }

  private static ScriptedFailure failure(SpecNode n, Map<String, NodeGroupSpec> groups) {
    SpecMap m = n.asMap().allowOnly(Set.of("at", "node", "downFor"));
    long at = m.require("at", "when the node crashes").asDuration(true);
    SpecNode nodeNode = m.require("node", "which node, as <group>-<index>");
    String node = nodeNode.asString("a node name such as worker-0");
    if (!nodeExists(node, groups)) {
      throw nodeNode.error(
          "unknown node '"
              + node
              + "'; nodes are named <group>-<index> with index from 0 to count-1, e.g. "
              + exampleNode(groups));
    }
    OptionalLong downFor =
        m.get("downFor")
            .map(x -> OptionalLong.of(x.asDuration(false)))
            .orElse(OptionalLong.empty());
    return new ScriptedFailure(at, node, downFor);
  }

  private static boolean nodeExists(String node, Map<String, NodeGroupSpec> groups) {
    int dash = node.lastIndexOf('-');
    if (dash <= 0) {
      return false;
    }
    NodeGroupSpec g = groups.get(node.substring(0, dash));
    if (g == null) {
      return false;
    }
    String idx = node.substring(dash + 1);
    if (!idx.matches("0|[1-9][0-9]{0,8}")) {
      return false;
    }
    return Integer.parseInt(idx) < g.count();
  }

  private static String exampleNode(Map<String, NodeGroupSpec> groups) {
    return new TreeMap<>(groups).firstEntry().getValue().nodeName(0);
  }

  private static RandomFailureSpec randomFailure(SpecNode n, List<NodeGroupSpec> groups) {
    SpecMap m = n.asMap().allowOnly(Set.of("mtbf", "repair", "label"));
    Distribution mtbf =
        SpecFields.distribution(m.require("mtbf", "mean time between failures"), true);
    Distribution repair =
        SpecFields.distribution(m.require("repair", "how long a failed node stays down"), false);
    Optional<String> label = m.opt("label", x -> x.asString("a label name such as rack"));
    if (label.isPresent()) {
      boolean used = groups.stream().anyMatch(g -> g.labels().containsKey(label.get()));
      if (!used) {
        throw m.require("label", "").error("no node group has the label '" + label.get() + "'");
      }
    }
    return new RandomFailureSpec(mtbf, repair, label);
  }

  private static ArrivalSpec arrival(SpecNode n) {
    SpecMap m =
        n.asMap()
            .allowOnly(
                Set.of("name", "process", "ratePerHour", "interval", "count", "startAt", "job"));
    String name = SpecFields.name(m.require("name", "jobs are named <name>-<k>"));
    ArrivalSpec.Process process =
        m.opt(
                "process",
                x ->
                    x.asChoice(
                        SpecFields.<ArrivalSpec.Process>orderedMap(
                            "poisson",
                            ArrivalSpec.Process.POISSON,
                            "fixed",
                            ArrivalSpec.Process.FIXED)))
            .orElse(ArrivalSpec.Process.POISSON);
    double rate = 0;
    long interval = 0;
    if (process == ArrivalSpec.Process.POISSON) {
      if (m.has("interval")) {
        throw m.require("interval", "")
            .error("'interval' is for process: fixed; a Poisson process takes ratePerHour");
      }
      rate = m.require("ratePerHour", "mean arrivals per hour, > 0").asDouble(0, 1e9, false);
    } else {
      if (m.has("ratePerHour")) {
        throw m.require("ratePerHour", "")
            .error("'ratePerHour' is for process: poisson; a fixed process takes interval");
      }
      interval =
          m.require("interval", "time between arrivals, e.g. 30s (0s = all at once)")
              .asDuration(true);
    }
    int count = m.require("count", "how many jobs arrive").asInt(1, 1_000_000);
    long startAt = m.opt("startAt", x -> x.asDuration(true)).orElse(0L);
    SpecMap job = m.require("job", "the job template (the job schema without a name)").asMap();
    JobSpec template = JobSpecParser.parse(job, Set.of(), Optional.of(name + "-0"));
    requireWork(job, template);
    return new ArrivalSpec(name, process, rate, interval, count, startAt, template);
  }

  private static GcsConfig gcs(SpecNode n) {
    SpecMap m =
        n.asMap()
            .allowOnly(
                Set.of(
                    "pgPriority",
                    "rescheduleSpin",
                    "detectInfeasible",
                    "tick",
                    "backoff",
                    "commitLatency",
                    "healthCheck",
                    "startLatency",
                    "elideRetries",
                    "version",
                    "tieBreak",
                    "actors"));
    String version =
        m.opt(
                "version",
                x -> {
                  String v = x.asText("a Ray version");
                  if (!GcsConfig.VERSIONS.contains(v)) {
                    throw x.error(
                        "Ray version "
                            + v
                            + " is not modelled; allowed: "
                            + String.join(", ", GcsConfig.VERSIONS));
                  }
                  return v;
                })
            .orElse(GcsConfig.DEFAULTS.version());
    GcsConfig d = GcsConfig.preset(version);
    TieBreak tieBreak =
        m.opt(
                "tieBreak",
                x ->
                    x.asChoice(
                        SpecFields.<TieBreak>orderedMap(
                            "random", TieBreak.RANDOM, "registration", TieBreak.REGISTRATION)))
            .orElse(d.tieBreak());
    ActorScheduling actors = m.opt("actors", n2 -> actors(n2, d.actors())).orElse(d.actors());
    PgPriority prio =
        m.opt(
                "pgPriority",
                x ->
                    x.asChoice(
                        SpecFields.<PgPriority>orderedMap(
                            "reschedule-first",
                            PgPriority.RESCHEDULE_FIRST,
                            "fifo",
                            PgPriority.FIFO)))
            .orElse(d.pgPriority());
    boolean spin = m.opt("rescheduleSpin", SpecNode::asBoolean).orElse(d.rescheduleSpin());
    boolean infeasible =
        m.opt("detectInfeasible", SpecNode::asBoolean).orElse(d.detectInfeasible());
    long tick = m.opt("tick", x -> x.asDuration(false)).orElse(d.tick());
    long bMin = d.backoffMin();
    double bMul = d.backoffMultiplier();
    long bMax = d.backoffMax();
    Optional<SpecNode> backoff = m.get("backoff");
    if (backoff.isPresent()) {
      SpecMap b = backoff.get().asMap().allowOnly(Set.of("min", "multiplier", "max"));
      bMin = b.opt("min", x -> x.asDuration(false)).orElse(bMin);
      bMul = b.opt("multiplier", x -> x.asDouble(1, 100, true)).orElse(bMul);
      bMax = b.opt("max", x -> x.asDuration(false)).orElse(bMax);
      if (bMax < bMin) {
        throw b.error(
            "max ("
                + Durations.format(bMax)
                + ") must not be below min ("
                + Durations.format(bMin)
                + ")");
      }
    }
    long commit = m.opt("commitLatency", x -> x.asDuration(true)).orElse(d.commitLatency());
    long hInit = d.healthInitialDelay();
    long hPeriod = d.healthPeriod();
    int hThreshold = d.healthFailureThreshold();
    Optional<SpecNode> health = m.get("healthCheck");
    if (health.isPresent()) {
      SpecMap h =
          health.get().asMap().allowOnly(Set.of("initialDelay", "period", "failureThreshold"));
      hInit = h.opt("initialDelay", x -> x.asDuration(true)).orElse(hInit);
      hPeriod = h.opt("period", x -> x.asDuration(false)).orElse(hPeriod);
      hThreshold = h.opt("failureThreshold", x -> x.asInt(1, 1000)).orElse(hThreshold);
    }
    long start = m.opt("startLatency", x -> x.asDuration(true)).orElse(d.startLatency());
    boolean elide = m.opt("elideRetries", SpecNode::asBoolean).orElse(d.elideRetries());
    try {
      return new GcsConfig(
          prio,
          spin,
          infeasible,
          tick,
          bMin,
          bMul,
          bMax,
          commit,
          hInit,
          hPeriod,
          hThreshold,
          start,
          elide,
          tieBreak,
          actors,
          version);
    } catch (IllegalArgumentException e) {
      throw new SpecException(m.location(), "gcs: " + e.getMessage());
    }
  }

  private static ActorScheduling actors(SpecNode n, ActorScheduling d) {
    SpecMap m =
        n.asMap()
            .allowOnly(
                Set.of(
                    "policy",
                    "driverNode",
                    "spreadThreshold",
                    "topKFraction",
                    "topKAbsolute",
                    "avoidGpuNodes"));
    ActorPolicy policy =
        m.opt(
                "policy",
                x ->
                    x.asChoice(
                        SpecFields.<ActorPolicy>orderedMap(
                            "hybrid", ActorPolicy.HYBRID,
                            "least-resource", ActorPolicy.LEAST_RESOURCE)))
            .orElse(d.policy());
    Optional<String> driver =
        m.opt("driverNode", x -> x.asText("a node name")).or(() -> d.driverNode());
    HybridPolicy.Settings h = d.hybrid();
    double spread =
        m.opt("spreadThreshold", x -> x.asDouble(0, 1, true)).orElse(h.spreadThreshold());
    double fraction = m.opt("topKFraction", x -> x.asDouble(0, 1, true)).orElse(h.topKFraction());
    int absolute = m.opt("topKAbsolute", x -> x.asInt(1, 1_000_000)).orElse(h.topKAbsolute());
    boolean avoid = m.opt("avoidGpuNodes", SpecNode::asBoolean).orElse(h.avoidGpuNodes());
    return new ActorScheduling(
        policy, driver, new HybridPolicy.Settings(spread, fraction, absolute, avoid));
  }
}
