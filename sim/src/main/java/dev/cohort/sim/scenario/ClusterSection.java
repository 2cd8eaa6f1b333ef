package dev.cohort.sim.scenario;

import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.Distribution;
import dev.cohort.core.spec.SpecFields;
import dev.cohort.core.spec.SpecNode;
import dev.cohort.core.spec.SpecNode.SpecMap;
import dev.cohort.sim.trace.AvailabilityTrace;
import dev.cohort.sim.trace.AvailabilityTraceReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The scenario's {@code cluster:} section: node groups, an availability trace, scripted and random
 * failures (each under a cause name) and planned maintenance.
 */
final class ClusterSection {
  private final SourceFiles files;
  private final List<NodeGroupSpec> groups = new ArrayList<>();
  private final Map<String, NodeGroupSpec> byName = new HashMap<>();
  private final Set<String> traceNodes = new HashSet<>();
  private Optional<AvailabilityTrace> availability = Optional.empty();

  private ClusterSection(SourceFiles files) {
    this.files = files;
  }

  /** Parses {@code cluster:}; trace files are read through {@code files}. */
  static ClusterSpec parse(SpecNode n, SourceFiles files) {
    return new ClusterSection(files).read(n);
  }

  private ClusterSpec read(SpecNode n) {
    SpecMap cluster =
        n.asMap()
            .allowOnly(
                Set.of(
                    "nodeGroups",
                    "availabilityTrace",
                    "failures",
                    "randomFailures",
                    "maintenance",
                    "nodeClasses",
                    "ageing",
                    "repair",
                    "retirement",
                    "pools",
                    "diagnosis",
                    "avoid"));
    Optional<SpecNode> groupsNode = cluster.get("nodeGroups");
    for (SpecNode g : groupsNode.map(x -> x.asList().items()).orElse(List.of())) {
      NodeGroupSpec spec = nodeGroup(g);
      if (byName.put(spec.name(), spec) != null) {
        throw g.asMap()
            .require("name", "")
            .error("node group '" + spec.name() + "' is declared twice");
      }
      groups.add(spec);
    }
    cluster.get("availabilityTrace").ifPresent(this::availabilityTrace);
    if (groups.isEmpty() && availability.isEmpty()) {
      throw groupsNode
          .orElse(cluster)
          .error(
              "needs at least one node group (nodeGroups: [{name, count, resources}]) or an"
                  + " availabilityTrace");
    }
    List<ScriptedFailure> failures = new ArrayList<>();
    for (SpecNode f : cluster.opt("failures", x -> x.asList().items()).orElse(List.of())) {
      failures.add(failure(f));
    }
    List<RandomFailureSpec> random = new ArrayList<>();
    cluster
        .get("randomFailures")
        .ifPresent(
            x -> {
              if (x instanceof SpecNode.SpecList l) {
                for (SpecNode item : l.items()) {
                  random.add(randomFailure(item));
                }
              } else {
                random.add(randomFailure(x));
              }
            });
    List<MaintenanceSpec> maintenance = new ArrayList<>();
    for (SpecNode m : cluster.opt("maintenance", x -> x.asList().items()).orElse(List.of())) {
      maintenance.add(maintenance(m));
    }
    return new ClusterSpec(
        groups, availability, failures, random, maintenance, FleetSection.parse(cluster));
  }

  /** True when {@code node} names a declared node or a trace node. */
  boolean nodeExists(String node) {
    return traceNodes.contains(node) || groupNodeExists(node);
  }

  /** Checks a node name given at {@code where}. */
  static void checkNode(ClusterSpec c, SpecNode where, String node) {
    ClusterSection s = new ClusterSection(null);
    c.nodeGroups().forEach(g -> s.byName.put(g.name(), g));
    c.availability().ifPresent(a -> s.traceNodes.addAll(List.of(a.node())));
    if (!s.nodeExists(node)) {
      throw where.error("unknown node '" + node + "'; " + s.nodeNaming());
    }
  }

  private boolean groupNodeExists(String node) {
    int dash = node.lastIndexOf('-');
    if (dash <= 0) {
      return false;
    }
    NodeGroupSpec g = byName.get(node.substring(0, dash));
    if (g == null) {
      return false;
    }
    String idx = node.substring(dash + 1);
    if (!idx.matches("0|[1-9][0-9]{0,8}")) {
      return false;
    }
    return Integer.parseInt(idx) < g.count();
  }

  private String nodeNaming() {
    StringBuilder sb = new StringBuilder();
    if (!byName.isEmpty()) {
      sb.append("nodes are named <group>-<index> with index from 0 to count-1, e.g. ")
          .append(new TreeMap<>(byName).firstEntry().getValue().nodeName(0));
    }
    if (!traceNodes.isEmpty()) {
      sb.append(sb.length() > 0 ? "; " : "")
          .append("the availability trace has nodes such as ")
          .append(new TreeSet<>(traceNodes).first());
    }
    return sb.toString();
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
    return new NodeGroupSpec(name, count, res, Collections.unmodifiableSortedMap(labels), joinAt);
  }

  private void availabilityTrace(SpecNode n) {
    SpecMap m = n.asMap().allowOnly(Set.of("file", "format", "resources", "labels", "name"));
    String name = m.opt("name", SpecFields::name).orElse(AvailabilityTrace.DEFAULT_NAME);
    if (byName.containsKey(name)) {
      throw m.require("name", "")
          .error("'" + name + "' is also a node group's name; give the trace another name");
    }
    m.opt("format", x -> x.asChoice(SpecFields.orderedMap("events", "events")));
    Resources res =
        SpecFields.resources(
            m.require("resources", "each trace node's resources, e.g. {CPU: 8, GPU: 1}"), false);
    TreeMap<String, String> labels =
        new TreeMap<>(m.opt("labels", SpecFields::stringMap).orElse(Map.of()));
    SpecNode fileNode = m.require("file", "the trace file, relative to the scenario");
    java.nio.file.Path path = files.resolve(fileNode);
    AvailabilityTrace t =
        files.cached(
            List.of("availability", path, name, res, labels),
            () ->
                AvailabilityTraceReader.read(
                    name,
                    path,
                    files.display(path),
                    res,
                    Collections.unmodifiableSortedMap(labels)));
    for (String node : t.node()) {
      if (traceNodes.add(node) && groupNodeExists(node)) {
        throw fileNode.error(
            "trace node '" + node + "' has the name of a node of a node group; rename the group");
      }
    }
    availability = Optional.of(t);
  }

  private ScriptedFailure failure(SpecNode n) {
    SpecMap m = n.asMap().allowOnly(Set.of("at", "node", "downFor", "name"));
    long at = m.require("at", "when the node crashes").asDuration(true);
    SpecNode nodeNode = m.require("node", "which node, as <group>-<index>");
    String node = nodeNode.asString("a node name such as worker-0");
    if (!nodeExists(node)) {
      throw nodeNode.error("unknown node '" + node + "'; " + nodeNaming());
    }
    OptionalLong downFor =
        m.get("downFor")
            .map(x -> OptionalLong.of(x.asDuration(false)))
            .orElse(OptionalLong.empty());
    String cause = m.opt("name", SpecFields::name).orElse(ScriptedFailure.DEFAULT_CAUSE);
    return new ScriptedFailure(at, node, downFor, cause);
  }

  private RandomFailureSpec randomFailure(SpecNode n) {
    SpecMap m = n.asMap().allowOnly(Set.of("mtbf", "repair", "label", "name"));
    Distribution mtbf =
        SpecFields.distribution(m.require("mtbf", "mean time between failures"), true);
    Distribution repair =
        SpecFields.distribution(m.require("repair", "how long a failed node stays down"), false);
    Optional<String> label = m.opt("label", x -> x.asString("a label name such as rack"));
    if (label.isPresent()) {
      boolean used =
          groups.stream().anyMatch(g -> g.labels().containsKey(label.get()))
              || availability.map(a -> a.labels().containsKey(label.get())).orElse(false);
      if (!used) {
        throw m.require("label", "")
            .error("no node group (or availability trace) has the label '" + label.get() + "'");
      }
    }
    String name = m.opt("name", SpecFields::name).orElse(RandomFailureSpec.DEFAULT_NAME);
    return new RandomFailureSpec(name, mtbf, repair, label);
  }

  private static MaintenanceSpec maintenance(SpecNode n) {
    SpecMap m =
        n.asMap().allowOnly(Set.of("name", "every", "startAt", "downtime", "checkpointFirst"));
    String name = m.opt("name", SpecFields::name).orElse("maintenance");
    Distribution every =
        SpecFields.distribution(
            m.require("every", "time between maintenance windows, e.g. 27h or a distribution"),
            false);
    long startAt = m.opt("startAt", x -> x.asDuration(true)).orElse(0L);
    long downtime = m.opt("downtime", x -> x.asDuration(true)).orElse(0L);
    boolean first = m.opt("checkpointFirst", SpecNode::asBoolean).orElse(true);
    return new MaintenanceSpec(name, every, startAt, downtime, first);
  }
}
