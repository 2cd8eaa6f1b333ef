package dev.cohort.sim.scenario;

import dev.cohort.core.placement.HybridPolicy;
import dev.cohort.core.spec.Durations;
import dev.cohort.core.spec.SpecException;
import dev.cohort.core.spec.SpecFields;
import dev.cohort.core.spec.SpecNode;
import dev.cohort.core.spec.SpecNode.SpecMap;
import dev.cohort.sim.gcs.ActorPolicy;
import dev.cohort.sim.gcs.ActorScheduling;
import dev.cohort.sim.gcs.GcsConfig;
import dev.cohort.sim.gcs.PgPriority;
import dev.cohort.sim.gcs.TieBreak;
import java.util.Optional;
import java.util.Set;

/** The scenario's {@code gcs:} section: a modelled Ray version and the knobs that override it. */
final class GcsSection {
  private GcsSection() {}

  static GcsConfig parse(SpecNode n) {
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
