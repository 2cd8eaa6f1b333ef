package dev.cohort.sim.cluster;

import dev.cohort.core.spec.Durations;
import dev.cohort.sim.engine.Engine;
import dev.cohort.sim.engine.EventPriority;
import dev.cohort.sim.engine.SeedStreams;
import dev.cohort.sim.engine.SimEvent;
import dev.cohort.sim.engine.Trace;
import dev.cohort.sim.gcs.GcsConfig;
import dev.cohort.sim.scenario.ClusterSpec;
import dev.cohort.sim.scenario.NodeGroupSpec;
import dev.cohort.sim.scenario.RandomFailureSpec;
import dev.cohort.sim.scenario.ScriptedFailure;
import dev.cohort.sim.trace.AvailabilityTrace;
import dev.cohort.sim.workload.Sampler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Every node's life: registration at {@code joinAt} or when an availability trace adds it, scripted
 * and random crashes (per node, or per failure domain such as a rack), removal by the trace,
 * detection by health checks, and repair as a new incarnation under the same name. Owns its events;
 * tells a {@link NodeListener} about each change, with the {@link Incident} (and so the named
 * cause) behind each crash.
 *
 * <p>A repair brings back the incarnation that crashed, unless the node joined again meanwhile or
 * the trace removed it (a removed node returns only when the trace adds it).
 *
 * <p>Random streams are named {@code failures/<node>} and {@code failures/<label>=<value>}, so a
 * node's failures never depend on jobs or on other nodes.
 */
public final class NodeLifecycle {
  private final Engine engine;
  private final Cluster cluster;
  private final GcsConfig gcs;
  private final SeedStreams streams;
  private final NodeListener listener;
  private final ClusterSpec spec;
  private final List<RandomFailureSpec> perNode = new ArrayList<>();
  private final List<RandomFailureSpec> perDomain = new ArrayList<>();
  private final Map<String, NodeGroupSpec> groupByName = new HashMap<>();
  private final Map<String, UniformRandomProvider> nodeRngs = new HashMap<>();

  /** Trace nodes the trace removed and has not added back. */
  private final Set<String> withdrawn = new HashSet<>();

  private long incidents;

  /** The fleet models, or null when the scenario has none (then nothing below changes). */
  private final Fleet fleet;

  /** Every node of the node groups, in group order (for class shares and misdiagnoses). */
  private final List<String> groupNodes = new ArrayList<>();

  /** Node names per "label=value" domain, sorted by name (the order nodes of a domain crash in). */
  private final Map<String, List<String>> domains = new HashMap<>();

  public NodeLifecycle(
      Engine engine,
      Cluster cluster,
      GcsConfig gcs,
      SeedStreams streams,
      ClusterSpec spec,
      NodeListener listener) {
    this(engine, cluster, gcs, streams, spec, listener, false, 1);
  }

  /**
   * A lifecycle that also runs the scenario's fleet models, recording the fleet over time when
   * {@code recordSeries}; {@code largestMin} is the largest gang any job needs (for exhaustion).
   */
  public NodeLifecycle(
      Engine engine,
      Cluster cluster,
      GcsConfig gcs,
      SeedStreams streams,
      ClusterSpec spec,
      NodeListener listener,
      boolean recordSeries,
      int largestMin) {
    this.fleet =
        spec.fleet().active() ? new Fleet(spec.fleet(), streams, recordSeries, largestMin) : null;
    this.engine = engine;
    this.cluster = cluster;
    this.gcs = gcs;
    this.streams = streams;
    this.spec = spec;
    this.listener = listener;
    for (NodeGroupSpec g : spec.nodeGroups()) {
      groupByName.put(g.name(), g);
    }
    spec.availability()
        .ifPresent(
            t ->
                groupByName.put(
                    t.name(), new NodeGroupSpec(t.name(), 0, t.resources(), t.labels(), 0)));
    for (RandomFailureSpec rf : spec.randomFailures()) {
      (rf.label().isPresent() ? perDomain : perNode).add(rf);
    }
  }

  /**
   * Schedules every node's registration, the trace's first event, the scripted crashes and the
   * failure domains' clocks.
   */
  public void start() {
    for (NodeGroupSpec g : spec.nodeGroups()) {
      for (int i = 0; i < g.count(); i++) {
        groupNodes.add(g.nodeName(i));
      }
    }
    if (fleet != null && !spec.nodeGroups().isEmpty()) {
      fleet.start(groupNodes, spec.nodeGroups().get(0));
    }
    for (NodeGroupSpec g : spec.nodeGroups()) {
      // A group's nodes join one after another at joinAt; each first join schedules the next
      // with a sequence number reserved now, so the queue holds one join per group at a time.
      long first = engine.reserve(g.count());
      engine.scheduleReserved(
          g.joinAt(), EventPriority.NODE_JOIN, first, new NodeJoin(g, 0, first));
    }
    spec.availability()
        .ifPresent(
            t -> {
              if (t.size() > 0) {
                long first = engine.reserve(t.size());
                engine.scheduleReserved(
                    t.at()[0], traceOrder(t, 0), first, new TraceEvent(t, 0, first));
              }
            });
    for (ScriptedFailure f : spec.failures()) {
      engine.schedule(
          f.at(), EventPriority.NODE_CRASH, new NodeCrash(f.node(), f.downFor(), f.cause()));
    }
    for (RandomFailureSpec rf : perDomain) {
      String label = rf.label().orElseThrow();
      TreeSet<String> values = new TreeSet<>();
      for (NodeGroupSpec g : groupByName.values()) {
        String v = g.labels().get(label);
        if (v != null) {
          values.add(v);
        }
      }
      for (String v : values) {
        domainMembers(label, v);
        UniformRandomProvider rng = streams.stream("failures/" + label + "=" + v);
        long at = Sampler.draw(rf.mtbf(), rng);
        engine.schedule(at, EventPriority.NODE_CRASH, new DomainCrash(rf, label, v, rng));
      }
    }
  }

  private Incident incident(String cause) {
    return new Incident(incidents++, cause);
  }

  private static EventPriority traceOrder(AvailabilityTrace t, int k) {
    return t.add()[k] ? EventPriority.NODE_JOIN : EventPriority.NODE_CRASH;
  }

  private List<String> domainMembers(String label, String value) {
    return domains.computeIfAbsent(
        label + "=" + value,
        k -> {
          TreeSet<String> names = new TreeSet<>();
          for (NodeGroupSpec g : spec.nodeGroups()) {
            if (value.equals(g.labels().get(label))) {
              for (int i = 0; i < g.count(); i++) {
                names.add(g.nodeName(i));
              }
            }
          }
          spec.availability()
              .filter(t -> value.equals(t.labels().get(label)))
              .ifPresent(t -> names.addAll(List.of(t.node())));
          return List.copyOf(names);
        });
  }

  /** A node (or a repaired node) registers. */
  private final class NodeJoin extends SimEvent {
    final NodeGroupSpec group;
    final String name;

    /** For a first join: the node's index in its group and the group's first sequence number. */
    final int index;

    final long firstSeq;

    /** For a repair: the incarnation it brings back; −1 otherwise. */
    final int repairs;

    NodeJoin(NodeGroupSpec group, String name, int repairs) {
      this.group = group;
      this.name = name;
      this.index = -1;
      this.firstSeq = -1;
      this.repairs = repairs;
    }

    NodeJoin(NodeGroupSpec group, int index, long firstSeq) {
      this.group = group;
      this.name = group.nodeName(index);
      this.index = index;
      this.firstSeq = firstSeq;
      this.repairs = -1;
    }

    @Override
    public void fire() {
      long now = engine.now();
      if (index >= 0 && index + 1 < group.count()) {
        engine.scheduleReserved(
            now,
            EventPriority.NODE_JOIN,
            firstSeq + index + 1,
            new NodeJoin(group, index + 1, firstSeq));
      }
      if (repairs >= 0) {
        SimNode cur = cluster.current(name).orElse(null);
        if (cur == null
            || !cur.crashed()
            || cur.incarnation() != repairs
            || withdrawn.contains(name)) {
          return; // the node came back otherwise, or the trace took it away
        }
      }
      join(group, name, now);
      if (fleet != null && repairs < 0) {
        fleet.moved(now, 1, 0);
      }
    }

    @Override
    public void trace(Trace t) {
      t.kind("node-join").field("node", name);
    }
  }

  private void join(NodeGroupSpec group, String name, long now) {
    SimNode n = cluster.join(name, group.name(), group.resources(), group.labels(), now);
    listener.joined(n, now);
    long latent = fleet == null ? -1 : fleet.latentFailure(name);
    for (RandomFailureSpec rf : perNode) {
      UniformRandomProvider rng =
          nodeRngs.computeIfAbsent(name, k -> streams.stream("failures/" + k));
      long draw = Sampler.draw(rf.mtbf(), rng);
      if (fleet != null) {
        draw = (long) Math.min(Long.MAX_VALUE / 2.0, draw / fleet.rate(name));
        if (latent >= 0) {
          draw = Math.min(draw, latent); // the fault a repair left behind shows again
          latent = -1;
        }
      }
      long at = Durations.plus(now, draw);
      long repair = Sampler.draw(rf.repair(), rng);
      engine.schedule(at, EventPriority.NODE_CRASH, new IncarnationCrash(n, repair, rf.name()));
    }
  }

  /** The availability trace's k-th event; schedules the next with its reserved sequence number. */
  private final class TraceEvent extends SimEvent {
    final AvailabilityTrace trace;
    final int k;
    final long firstSeq;

    TraceEvent(AvailabilityTrace trace, int k, long firstSeq) {
      this.trace = trace;
      this.k = k;
      this.firstSeq = firstSeq;
    }

    @Override
    public void fire() {
      if (k + 1 < trace.size()) {
        engine.scheduleReserved(
            trace.at()[k + 1],
            traceOrder(trace, k + 1),
            firstSeq + k + 1,
            new TraceEvent(trace, k + 1, firstSeq));
      }
      String name = trace.node()[k];
      SimNode cur = cluster.current(name).orElse(null);
      if (trace.add()[k]) {
        withdrawn.remove(name);
        if (cur == null || cur.crashed()) {
          join(groupByName.get(trace.name()), name, engine.now());
        }
      } else {
        withdrawn.add(name);
        if (cur != null && !cur.crashed()) {
          crash(cur, OptionalLong.empty(), incident(trace.name()));
        }
      }
    }

    @Override
    public void trace(Trace t) {
      t.kind(trace.add()[k] ? "trace-add" : "trace-remove").field("node", trace.node()[k]);
    }
  }

  /** A scripted crash of whatever incarnation of {@code name} is up. */
  private final class NodeCrash extends SimEvent {
    final String name;
    final OptionalLong downFor;
    final String cause;

    NodeCrash(String name, OptionalLong downFor, String cause) {
      this.name = name;
      this.downFor = downFor;
      this.cause = cause;
    }

    @Override
    public void fire() {
      cluster.current(name).ifPresent(n -> crash(n, downFor, incident(cause)));
    }

    @Override
    public void trace(Trace t) {
      t.kind("node-crash").field("node", name).field("cause", "scripted");
    }
  }

  /** A random crash of one specific incarnation (a later incarnation has its own clock). */
  private final class IncarnationCrash extends SimEvent {
    final SimNode node;
    final long repair;
    final String cause;

    IncarnationCrash(SimNode node, long repair, String cause) {
      this.node = node;
      this.repair = repair;
      this.cause = cause;
    }

    @Override
    public void fire() {
      if (fleet != null) {
        fleetCrash(node, repair, cause);
      } else {
        crash(node, OptionalLong.of(repair), incident(cause));
      }
    }

    @Override
    public void trace(Trace t) {
      t.kind("node-crash")
          .field("node", node.name())
          .field("incarnation", node.incarnation())
          .field("cause", "random");
    }
  }

  /** All up nodes sharing a label value crash together (a rack, a switch, a PDU). */
  private final class DomainCrash extends SimEvent {
    final RandomFailureSpec spec;
    final String label;
    final String value;
    final UniformRandomProvider rng;

    DomainCrash(RandomFailureSpec spec, String label, String value, UniformRandomProvider rng) {
      this.spec = spec;
      this.label = label;
      this.value = value;
      this.rng = rng;
    }

    @Override
    public void fire() {
      long repair = Sampler.draw(spec.repair(), rng);
      Incident incident = incident(spec.name());
      for (String name : domainMembers(label, value)) {
        SimNode n = cluster.current(name).orElse(null);
        if (n != null && !n.crashed()) {
          crash(n, OptionalLong.of(repair), incident);
        }
      }
      long next =
          Durations.plus(engine.now(), Durations.plus(repair, Sampler.draw(spec.mtbf(), rng)));
      engine.schedule(next, EventPriority.NODE_CRASH, new DomainCrash(spec, label, value, rng));
    }

    @Override
    public void trace(Trace t) {
      t.kind("domain-crash").field("label", label).field("value", value);
    }
  }

  // ================================================================= fleet models

  /** The fleet's record of this run (empty counts when the scenario has no fleet models). */
  public FleetStats fleetStats() {
    return fleet == null ? FleetStats.NONE : fleet.stats();
  }

  /**
   * A per-node failure with fleet models: diagnosis, retirement, the repair pipeline and the cold
   * pool decide when (and whether) the node comes back.
   */
  private void fleetCrash(SimNode n, long fallbackRepair, String cause) {
    if (n.crashed()) {
      return;
    }
    long now = engine.now();
    NodeGroupSpec group = groupByName.get(n.group());
    if (fleet.misdiagnose()) {
      // The culprit's jobs die with it; it is rebooted and back, its fault untouched...
      fleet.failed(n.name(), now);
      goAway(n, incident(cause), group, null, fleet.reboot());
      // ...while a healthy node is taken away for repair in its place.
      for (int attempt = 0; attempt < 16 && !groupNodes.isEmpty(); attempt++) {
        String victim = groupNodes.get(fleet.pick(groupNodes.size()));
        SimNode v = cluster.current(victim).orElse(null);
        if (v != null && !v.crashed() && !victim.equals(n.name())) {
          Fleet.Repair r = fleet.repair(victim, fallbackRepair, true);
          goAway(v, incident("misdiagnosis"), groupByName.get(v.group()), r, r.downtime());
          break;
        }
      }
      return;
    }
    boolean retire = fleet.failed(n.name(), now);
    Fleet.Repair r = retire ? null : fleet.repair(n.name(), fallbackRepair, false);
    if (retire || r.outcome() == Fleet.Outcome.BEYOND_REPAIR) {
      crash(n, OptionalLong.empty(), incident(cause));
      fleet.moved(now, -1, 1);
      if (r != null) {
        fleet.repaired(n.name(), r, now);
      }
      fleet.retire(now);
      fleet.moved(now, 0, -1);
      provisionSpare(now);
      return;
    }
    goAway(n, incident(cause), group, r, r.downtime());
  }

  /**
   * {@code n} crashes and is away for {@code downtime}; a cold spare stands in if the pool has one
   * (the node then refills the pool when it is back). {@code repair} null: a reboot.
   */
  private void goAway(
      SimNode n, Incident incident, NodeGroupSpec group, Fleet.Repair repair, long downtime) {
    long now = engine.now();
    crash(n, OptionalLong.empty(), incident);
    fleet.moved(now, -1, 1);
    boolean borrowed = repair != null && provisionSpare(now);
    engine.schedule(
        Durations.plus(now, downtime),
        EventPriority.NODE_JOIN,
        new FleetReturn(n, group, repair, borrowed));
  }

  /** Calls a cold spare, if any; true when one is on its way. */
  private boolean provisionSpare(long now) {
    Fleet.Spare s = fleet.borrow();
    if (s == null) {
      return false;
    }
    fleet.moved(now, 0, 1);
    engine.schedule(
        Durations.plus(now, s.ready() ? 0 : spec.fleet().pools().provision()),
        EventPriority.NODE_JOIN,
        new SpareJoin(s));
    return true;
  }

  /** A node is back from repair (or a reboot): into service, or into the cold pool. */
  private final class FleetReturn extends SimEvent {
    final SimNode node;
    final NodeGroupSpec group;
    final Fleet.Repair repair;
    final boolean toPool;

    FleetReturn(SimNode node, NodeGroupSpec group, Fleet.Repair repair, boolean toPool) {
      this.node = node;
      this.group = group;
      this.repair = repair;
      this.toPool = toPool;
    }

    @Override
    public void fire() {
      long now = engine.now();
      SimNode cur = cluster.current(node.name()).orElse(null);
      if (cur == null || !cur.crashed() || cur.incarnation() != node.incarnation()) {
        return; // it came back otherwise (an availability trace)
      }
      if (repair != null) {
        fleet.repaired(node.name(), repair, now);
      }
      if (toPool) {
        fleet.giveBack(new Fleet.Spare(node.name(), group, false), now);
        fleet.moved(now, 0, -1);
        return;
      }
      if (repair != null && fleet.holdBack(node.name(), group, now)) {
        fleet.moved(now, 0, -1); // failure-prone: kept out while the fleet can spare it
        return;
      }
      join(group, node.name(), now);
      fleet.moved(now, 1, -1);
    }

    @Override
    public void trace(Trace t) {
      t.kind("fleet-return").field("node", node.name()).field("pool", toPool ? 1 : 0);
    }
  }

  /** A cold spare is provisioned and joins. */
  private final class SpareJoin extends SimEvent {
    final Fleet.Spare spare;

    SpareJoin(Fleet.Spare spare) {
      this.spare = spare;
    }

    @Override
    public void fire() {
      long now = engine.now();
      SimNode cur = cluster.current(spare.name()).orElse(null);
      if (cur != null && !cur.crashed()) {
        return;
      }
      groupByName.putIfAbsent(spare.group().name(), spare.group());
      join(spare.group(), spare.name(), now);
      fleet.moved(now, 1, -1);
    }

    @Override
    public void trace(Trace t) {
      t.kind("spare-join").field("node", spare.name());
    }
  }

  private void crash(SimNode n, OptionalLong downFor, Incident incident) {
    if (!cluster.crash(n)) {
      return;
    }
    long now = engine.now();
    listener.crashed(n, now, incident);
    engine.schedule(gcs.deathTime(n.registeredAt(), now), EventPriority.NODE_DEAD, new NodeDead(n));
    if (downFor.isPresent()) {
      NodeGroupSpec g = groupByName.get(n.group());
      engine.schedule(
          Durations.plus(now, downFor.getAsLong()),
          EventPriority.NODE_JOIN,
          new NodeJoin(g, n.name(), n.incarnation()));
    }
  }

  /** Health checks declare a crashed node dead; afterwards its id is free for reuse. */
  private final class NodeDead extends SimEvent {
    final SimNode node;

    NodeDead(SimNode node) {
      this.node = node;
    }

    @Override
    public void fire() {
      cluster.declareDead(node);
      listener.declaredDead(node, engine.now());
      cluster.forget(node);
    }

    @Override
    public void trace(Trace t) {
      t.kind("node-dead").field("node", node.name()).field("incarnation", node.incarnation());
    }
  }
}
