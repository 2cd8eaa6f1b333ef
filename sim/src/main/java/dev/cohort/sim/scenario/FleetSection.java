package dev.cohort.sim.scenario;

import dev.cohort.core.spec.Distribution;
import dev.cohort.core.spec.Durations;
import dev.cohort.core.spec.SpecFields;
import dev.cohort.core.spec.SpecNode;
import dev.cohort.core.spec.SpecNode.SpecMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the fleet keys of {@code cluster}: {@code nodeClasses}, {@code ageing}, {@code repair},
 * {@code retirement}, {@code pools}, {@code diagnosis} (docs/scenario.md).
 */
final class FleetSection {
  static final Set<String> KEYS =
      Set.of("nodeClasses", "ageing", "repair", "retirement", "pools", "diagnosis", "avoid");

  private FleetSection() {}

  static FleetSpec parse(SpecMap cluster) {
    if (KEYS.stream().noneMatch(cluster::has)) {
      return FleetSpec.NONE;
    }
    List<FleetSpec.NodeClass> classes = new ArrayList<>();
    Set<String> names = new HashSet<>();
    double shares = 0;
    for (SpecNode c : cluster.opt("nodeClasses", x -> x.asList().items()).orElse(List.of())) {
      SpecMap m = c.asMap().allowOnly(Set.of("name", "share", "failureRate", "healOnRepair"));
      SpecNode nameNode = m.require("name", "what the class is called in reports, e.g. bad");
      String name = SpecFields.name(nameNode);
      if (name.equals("default") || !names.add(name)) {
        throw nameNode.error(
            "class '" + name + "' is declared twice (or is 'default', the name of the rest)");
      }
      SpecNode shareNode = m.require("share", "the fraction of the fleet in this class, e.g. 0.15");
      double share = shareNode.asDouble(0, 1, false);
      shares += share;
      if (shares > 1 + 1e-9) {
        throw shareNode.error("the classes' shares add up to more than 1");
      }
      double rate =
          m.require("failureRate", "how many times as often these nodes fail, e.g. 5")
              .asDouble(0, 1e6, false);
      double heal = m.opt("healOnRepair", x -> x.asDouble(0, 1, true)).orElse(0.0);
      classes.add(new FleetSpec.NodeClass(name, share, rate, heal));
    }
    double ageing =
        cluster
            .opt("ageing", x -> x.asMap().allowOnly(Set.of("perFailure")))
            .map(
                m ->
                    m.require("perFailure", "rate growth per failure seen, e.g. 0.2")
                        .asDouble(0, 1e6, true))
            .orElse(0.0);
    List<FleetSpec.RepairStage> stages = new ArrayList<>();
    for (SpecNode s : cluster.opt("repair", x -> x.asList().items()).orElse(List.of())) {
      stages.add(stage(s, stages.size()));
    }
    Optional<FleetSpec.Retirement> retirement =
        cluster.opt("retirement", FleetSection::retirement).flatMap(r -> r);
    FleetSpec.Pools pools = cluster.opt("pools", FleetSection::pools).orElse(FleetSpec.Pools.NONE);
    FleetSpec.Diagnosis diagnosis =
        cluster.opt("diagnosis", FleetSection::diagnosis).orElse(FleetSpec.Diagnosis.PERFECT);
    Optional<FleetSpec.Avoidance> avoid = cluster.opt("avoid", FleetSection::avoid);
    return new FleetSpec(classes, ageing, stages, retirement, pools, diagnosis, avoid);
  }

  private static FleetSpec.RepairStage stage(SpecNode n, int index) {
    SpecMap m =
        n.asMap().allowOnly(Set.of("name", "duration", "fixes", "falseSuccess", "recurrence"));
    String name = m.opt("name", SpecFields::name).orElse("stage-" + (index + 1));
    Distribution duration =
        SpecFields.distribution(m.require("duration", "how long this stage takes"), false);
    SpecNode fixesNode = m.require("fixes", "probability that this stage fixes the node, 0–1");
    double fixes = fixesNode.asDouble(0, 1, true);
    double falseSuccess = m.opt("falseSuccess", x -> x.asDouble(0, 1, true)).orElse(0.0);
    if (fixes + falseSuccess > 1 + 1e-9) {
      throw fixesNode.error("fixes + falseSuccess must not exceed 1");
    }
    Distribution recurrence =
        m.opt("recurrence", x -> SpecFields.distribution(x, true))
            .orElse(new Distribution.Exponential(Durations.MICROS_PER_DAY));
    return new FleetSpec.RepairStage(name, duration, fixes, falseSuccess, recurrence);
  }

  private static Optional<FleetSpec.Retirement> retirement(SpecNode n) {
    SpecMap m = n.asMap().allowOnly(Set.of("policy", "count", "window"));
    String policy =
        m.require("policy", "when to retire a node: failures or never")
            .asChoice(java.util.Map.of("failures", "failures", "never", "never"));
    if (policy.equals("never")) {
      return Optional.empty();
    }
    int count = m.require("count", "failures that retire a node, e.g. 3").asInt(1, 1_000_000);
    long window =
        m.require("window", "the time those failures must fall within, e.g. 30d").asDuration(false);
    return Optional.of(new FleetSpec.Retirement(count, window));
  }

  private static FleetSpec.Avoidance avoid(SpecNode n) {
    SpecMap m = n.asMap().allowOnly(Set.of("failures", "window"));
    int failures =
        m.require("failures", "failures that make a node failure-prone, e.g. 2")
            .asInt(1, 1_000_000);
    long window = m.require("window", "the time they must fall within, e.g. 7d").asDuration(false);
    return new FleetSpec.Avoidance(failures, window);
  }

  private static FleetSpec.Pools pools(SpecNode n) {
    SpecMap m = n.asMap().allowOnly(Set.of("cold", "provision"));
    int cold = m.require("cold", "spare nodes in the cold pool").asInt(0, 1_000_000);
    long provision = m.opt("provision", x -> x.asDuration(true)).orElse(0L);
    return new FleetSpec.Pools(cold, provision);
  }

  private static FleetSpec.Diagnosis diagnosis(SpecNode n) {
    SpecMap m = n.asMap().allowOnly(Set.of("accuracy", "reboot"));
    double accuracy =
        m.require("accuracy", "probability that a failure is blamed on the right node")
            .asDouble(0, 1, false);
    long reboot = m.opt("reboot", x -> x.asDuration(true)).orElse(10 * Durations.MICROS_PER_MINUTE);
    return new FleetSpec.Diagnosis(accuracy, reboot);
  }
}
