package dev.cohort.sim.scenario;

import dev.cohort.sim.trace.AvailabilityTrace;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * A scenario's cluster: declared node groups, nodes from an availability trace, and what goes wrong
 * (scripted and random crashes, planned maintenance), and how the fleet's nodes differ and are
 * repaired ({@link FleetSpec}). At least one node group or a trace.
 */
public record ClusterSpec(
    List<NodeGroupSpec> nodeGroups,
    Optional<AvailabilityTrace> availability,
    List<ScriptedFailure> failures,
    List<RandomFailureSpec> randomFailures,
    List<MaintenanceSpec> maintenance,
    FleetSpec fleet) {

  public ClusterSpec {
    nodeGroups = List.copyOf(nodeGroups);
    failures = List.copyOf(failures);
    randomFailures = List.copyOf(randomFailures);
    maintenance = List.copyOf(maintenance);
  }

  /** Node groups with scripted and random crashes only. */
  public ClusterSpec(
      List<NodeGroupSpec> nodeGroups,
      List<ScriptedFailure> failures,
      List<RandomFailureSpec> randomFailures) {
    this(nodeGroups, Optional.empty(), failures, randomFailures, List.of(), FleetSpec.NONE);
  }

  /** A cluster without fleet models. */
  public ClusterSpec(
      List<NodeGroupSpec> nodeGroups,
      Optional<AvailabilityTrace> availability,
      List<ScriptedFailure> failures,
      List<RandomFailureSpec> randomFailures,
      List<MaintenanceSpec> maintenance) {
    this(nodeGroups, availability, failures, randomFailures, maintenance, FleetSpec.NONE);
  }

  /**
   * Every interruption cause the report counts, in declaration order: random failures, scripted
   * failures, the availability trace's removals, maintenance.
   */
  public List<String> causes() {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    randomFailures.forEach(r -> names.add(r.name()));
    failures.forEach(f -> names.add(f.cause()));
    availability.ifPresent(a -> names.add(a.name()));
    maintenance.forEach(m -> names.add(m.name()));
    return new ArrayList<>(names);
  }

  /** The first node to register: the first node of the first group, else the trace's first. */
  public String firstNode() {
    if (!nodeGroups.isEmpty()) {
      return nodeGroups.get(0).nodeName(0);
    }
    return availability.map(AvailabilityTrace::firstNode).orElse(null);
  }

  /** Number of declared nodes (excluding rejoins and trace nodes). */
  public int nodeCount() {
    return nodeGroups.stream().mapToInt(NodeGroupSpec::count).sum();
  }

  /** A copy with other node groups and scripted failures (which name their nodes). */
  public ClusterSpec withNodeGroups(List<NodeGroupSpec> gs, List<ScriptedFailure> fs) {
    return new ClusterSpec(gs, availability, fs, randomFailures, maintenance, fleet);
  }

  /** A copy with other scripted failures. */
  public ClusterSpec withFailures(List<ScriptedFailure> fs) {
    return new ClusterSpec(nodeGroups, availability, fs, randomFailures, maintenance, fleet);
  }

  /** A copy with other random failures. */
  public ClusterSpec withRandomFailures(List<RandomFailureSpec> rs) {
    return new ClusterSpec(nodeGroups, availability, failures, rs, maintenance, fleet);
  }

  /** A copy with other maintenance. */
  public ClusterSpec withMaintenance(List<MaintenanceSpec> ms) {
    return new ClusterSpec(nodeGroups, availability, failures, randomFailures, ms, fleet);
  }

  /** A copy with other fleet models. */
  public ClusterSpec withFleet(FleetSpec f) {
    return new ClusterSpec(nodeGroups, availability, failures, randomFailures, maintenance, f);
  }
}
