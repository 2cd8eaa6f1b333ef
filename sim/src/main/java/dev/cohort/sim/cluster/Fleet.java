package dev.cohort.sim.cluster;

import dev.cohort.core.spec.Durations;
import dev.cohort.sim.engine.SeedStreams;
import dev.cohort.sim.scenario.FleetSpec;
import dev.cohort.sim.scenario.NodeGroupSpec;
import dev.cohort.sim.workload.Sampler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The state of the fleet models of one run ({@link FleetSpec}): each node's class and failures
 * seen, the repair pipeline's draws, retirement, the cold pool and misdiagnoses. {@link
 * NodeLifecycle} asks it how fast a node fails and what happens when it does; it keeps the counts
 * for {@link FleetStats}. Random draws come from streams named by node ({@code fleet/repair/N}), so
 * one node's repairs never depend on another's.
 */
final class Fleet {
  /** What a repair ended in. */
  enum Outcome {
    FIXED,
    FALSE_SUCCESS,
    BEYOND_REPAIR
  }

  /** The repair pipeline's verdict on one failure: how long the node is away, and how it ends. */
  record Repair(long downtime, Outcome outcome, long recurrence) {}

  /**
   * A node to call in: a cold spare (provisioned first) or a failure-prone node held back ({@code
   * ready}: it joins at once).
   */
  record Spare(String name, NodeGroupSpec group, boolean ready) {}

  private static final String DEFAULT = "default";

  private final FleetSpec spec;
  private final SeedStreams streams;
  private final boolean recordSeries;
  private final int largestMin;
  private final Map<String, Integer> classOf = new HashMap<>();
  private final Map<String, Integer> failures = new HashMap<>();
  private final Map<String, ArrayDeque<Long>> recent = new HashMap<>();
  private final Map<String, Long> latentUntil = new HashMap<>();
  private final Map<String, UniformRandomProvider> repairRngs = new HashMap<>();
  private final ArrayDeque<Spare> pool = new ArrayDeque<>();
  private final ArrayDeque<Spare> heldBack = new ArrayDeque<>();
  private long avoided;
  private long recalled;
  private final UniformRandomProvider diagnosisRng;
  private final long[] failuresByClass;
  private long fixed;
  private long falseSuccess;
  private long beyondRepair;
  private long healed;
  private long retired;
  private long misdiagnosed;
  private long sparesUsed;
  private long exhaustedAt = -1;
  private int fleetSize;
  private int up;
  private int away;
  private final List<FleetStats.Point> series = new ArrayList<>();

  Fleet(FleetSpec spec, SeedStreams streams, boolean recordSeries, int largestMin) {
    this.spec = spec;
    this.streams = streams;
    this.recordSeries = recordSeries;
    this.largestMin = largestMin;
    this.diagnosisRng = streams.stream("fleet/diagnosis");
    this.failuresByClass = new long[spec.classes().size() + 1];
  }

  /**
   * Gives each class exactly its share of {@code nodes} (rounded), chosen by a seeded shuffle; the
   * rest are ordinary. Adds the cold pool's spares, shaped like the first group.
   */
  void start(List<String> nodes, NodeGroupSpec firstGroup) {
    List<String> order = new ArrayList<>(nodes);
    UniformRandomProvider rng = streams.stream("fleet/classes");
    for (int i = order.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      String t = order.get(i);
      order.set(i, order.get(j));
      order.set(j, t);
    }
    int at = 0;
    for (int c = 0; c < spec.classes().size(); c++) {
      int n = (int) Math.round(spec.classes().get(c).share() * nodes.size());
      for (int k = 0; k < n && at < order.size(); k++) {
        classOf.put(order.get(at++), c);
      }
    }
    for (int i = 0; i < spec.pools().cold(); i++) {
      pool.add(new Spare("cold-spare-" + i, firstGroup, false));
    }
    fleetSize = nodes.size() + pool.size();
  }

  /** How many times as often as its failure processes say {@code node} fails now. */
  double rate(String node) {
    Integer c = classOf.get(node);
    double base = c == null ? 1 : spec.classes().get(c).failureRate();
    return base * (1 + spec.ageingPerFailure() * failures.getOrDefault(node, 0));
  }

  /**
   * A node back with a fault it still has: the time its fault shows again, if sooner than its
   * failure processes' next draw (−1 when it has none). Consumed once.
   */
  long latentFailure(String node) {
    Long at = latentUntil.remove(node);
    return at == null ? -1 : at;
  }

  /** Whether this failure is blamed on another node. */
  boolean misdiagnose() {
    if (spec.diagnosis().accuracy() >= 1
        || diagnosisRng.nextDouble() < spec.diagnosis().accuracy()) {
      return false;
    }
    misdiagnosed++;
    return true;
  }

  /** A random index in [0, n) for picking the wrongly blamed node. */
  int pick(int n) {
    return diagnosisRng.nextInt(n);
  }

  long reboot() {
    return spec.diagnosis().reboot();
  }

  /**
   * {@code node} failed at {@code now}: counts it, ages it, and says whether the retirement policy
   * retires it.
   */
  boolean failed(String node, long now) {
    Integer c = classOf.get(node);
    failuresByClass[c == null ? spec.classes().size() : c]++;
    failures.merge(node, 1, Integer::sum);
    if (spec.retirement().isEmpty() && spec.avoidance().isEmpty()) {
      return false;
    }
    long keep =
        Math.max(
            spec.retirement().map(FleetSpec.Retirement::window).orElse(0L),
            spec.avoidance().map(FleetSpec.Avoidance::window).orElse(0L));
    ArrayDeque<Long> times = recent.computeIfAbsent(node, k -> new ArrayDeque<>());
    times.addLast(now);
    while (!times.isEmpty() && times.peekFirst() <= now - keep) {
      times.removeFirst();
    }
    return spec.retirement().isPresent()
        && within(times, now, spec.retirement().get().window())
            >= spec.retirement().get().failures();
  }

  private static int within(ArrayDeque<Long> times, long now, long window) {
    int n = 0;
    for (long t : times) {
      if (t > now - window) {
        n++;
      }
    }
    return n;
  }

  /**
   * Whether {@code node}, back from repair at {@code now}, should be held back: it is failure-prone
   * and the fleet has enough nodes up for the largest gang without it.
   */
  boolean holdBack(String node, NodeGroupSpec group, long now) {
    if (up < largestMin || !failureProne(node, now)) {
      return false;
    }
    heldBack.addLast(new Spare(node, group, true));
    avoided++;
    return true;
  }

  private boolean failureProne(String node, long now) {
    if (spec.avoidance().isEmpty()) {
      return false;
    }
    FleetSpec.Avoidance a = spec.avoidance().get();
    ArrayDeque<Long> times = recent.get(node);
    return times != null && within(times, now, a.window()) >= a.failures();
  }

  /**
   * Runs {@code node} through the repair pipeline (or takes {@code fallback} when there is none):
   * the stages' durations add up until one fixes it, returns it faulty, or none is left.
   */
  Repair repair(String node, long fallback, boolean healthy) {
    if (spec.repair().isEmpty()) {
      return new Repair(fallback, Outcome.FIXED, -1);
    }
    UniformRandomProvider rng =
        repairRngs.computeIfAbsent(node, k -> streams.stream("fleet/repair/" + k));
    long downtime = 0;
    for (FleetSpec.RepairStage stage : spec.repair()) {
      downtime = Durations.plus(downtime, Sampler.draw(stage.duration(), rng));
      double u = rng.nextDouble();
      if (healthy || u < stage.fixes()) {
        return new Repair(downtime, Outcome.FIXED, -1);
      }
      if (u < stage.fixes() + stage.falseSuccess()) {
        return new Repair(downtime, Outcome.FALSE_SUCCESS, Sampler.draw(stage.recurrence(), rng));
      }
    }
    return new Repair(downtime, Outcome.BEYOND_REPAIR, -1);
  }

  /** A repair of {@code node} ended at {@code now} with {@code r}: heal or keep the fault. */
  void repaired(String node, Repair r, long now) {
    switch (r.outcome()) {
      case FIXED -> {
        fixed++;
        Integer c = classOf.get(node);
        if (c != null) {
          double heal = spec.classes().get(c).healOnRepair();
          UniformRandomProvider rng =
              repairRngs.computeIfAbsent(node, k -> streams.stream("fleet/repair/" + k));
          if (heal > 0 && rng.nextDouble() < heal) {
            classOf.remove(node);
            healed++;
          }
        }
      }
      case FALSE_SUCCESS -> {
        falseSuccess++;
        latentUntil.put(node, r.recurrence());
      }
      case BEYOND_REPAIR -> beyondRepair++;
    }
  }

  /** A node leaves the fleet for good at {@code now}. */
  void retire(long now) {
    retired++;
    fleetSize--;
    if (fleetSize < largestMin && exhaustedAt < 0) {
      exhaustedAt = now;
    }
  }

  /**
   * A node to call in: a cold spare to provision, else, when fewer nodes are up than the largest
   * gang needs, a held-back node; else null.
   */
  Spare borrow() {
    Spare s = pool.pollFirst();
    if (s != null) {
      sparesUsed++;
      return s;
    }
    if (up >= largestMin) {
      return null;
    }
    s = heldBack.pollFirst();
    if (s != null) {
      recalled++;
    }
    return s;
  }

  /**
   * A repaired node whose place a spare took refills the pool instead of rejoining; a failure-prone
   * one is held back instead, so it is the last to be called in.
   */
  void giveBack(Spare s, long now) {
    if (failureProne(s.name(), now)) {
      heldBack.addLast(new Spare(s.name(), s.group(), true));
      avoided++;
    } else {
      pool.addLast(s);
    }
  }

  /** Counts for the series: a node came up, went away, or came back into the pool or service. */
  void moved(long at, int upDelta, int awayDelta) {
    up += upDelta;
    away += awayDelta;
    if (recordSeries) {
      series.add(new FleetStats.Point(at, up, away, (int) retired, pool.size() + heldBack.size()));
    }
  }

  FleetStats stats() {
    Map<String, Long> byClass = new LinkedHashMap<>();
    for (int c = 0; c < spec.classes().size(); c++) {
      byClass.put(spec.classes().get(c).name(), failuresByClass[c]);
    }
    byClass.put(DEFAULT, failuresByClass[spec.classes().size()]);
    return new FleetStats(
        byClass,
        fixed,
        falseSuccess,
        beyondRepair,
        healed,
        retired,
        misdiagnosed,
        sparesUsed,
        avoided,
        recalled,
        exhaustedAt,
        series);
  }
}
