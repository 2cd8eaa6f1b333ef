package dev.cohort.sim.check;

import dev.cohort.core.job.JobController;
import dev.cohort.core.job.JobState;
import dev.cohort.core.placement.Bundle;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.resources.Resources;
import dev.cohort.sim.gcs.FakeGcs;
import dev.cohort.sim.gcs.SimPlacementGroup;
import dev.cohort.sim.run.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

/**
 * Who waits for whom among blocked jobs. A job is <em>blocked</em> when it is below its gang size
 * (not started yet, or lost replicas) while still asking for capacity. Job A waits for job B when
 * both are blocked and B holds a reservation on a node that could hold one of A's outstanding
 * demands. A cycle means nobody can move without a timeout: a gang deadlock. Blocked jobs that hold
 * nothing cannot be part of a cycle, which keeps the graph small.
 */
public final class WaitForGraph {
  private final Graph<String, DefaultEdge> graph = new DefaultDirectedGraph<>(DefaultEdge.class);
  private final boolean anyBlocked;

  private WaitForGraph(boolean anyBlocked) {
    this.anyBlocked = anyBlocked;
  }

  /** Builds the graph from the simulation's current state. */
  public static WaitForGraph of(Simulation sim) {
    FakeGcs gcs = sim.gcs();
    Map<String, JobController> controllers = sim.controllers();
    TreeSet<String> blocked = new TreeSet<>();
    for (Map.Entry<String, JobController> e : controllers.entrySet()) {
      JobController c = e.getValue();
      boolean below =
          c.state() == JobState.PENDING
              || (c.state() == JobState.RUNNING && c.running() < c.spec().replicas().min());
      if (below) {
        blocked.add(e.getKey());
      }
    }
    WaitForGraph g = new WaitForGraph(!blocked.isEmpty());
    if (blocked.size() < 2) {
      return g;
    }
    TreeMap<String, TreeSet<Integer>> holds = new TreeMap<>();
    TreeMap<String, List<Resources>> wants = new TreeMap<>();
    for (SimPlacementGroup pg : gcs.placementGroups().values()) {
      String job = pg.id().job();
      if (!blocked.contains(job)) {
        continue;
      }
      for (int b = 0; b < pg.size(); b++) {
        if (pg.nodeOf(b) >= 0) {
          holds.computeIfAbsent(job, k -> new TreeSet<>()).add(pg.nodeOf(b));
        }
      }
      for (Bundle b : gcs.unplacedBundles(pg.id())) {
        wants.computeIfAbsent(job, k -> new ArrayList<>()).add(b.resources());
      }
    }
    for (Map.Entry<ReplicaId, Integer> a : gcs.placedActors().entrySet()) {
      if (blocked.contains(a.getKey().job())) {
        holds.computeIfAbsent(a.getKey().job(), k -> new TreeSet<>()).add(a.getValue());
      }
    }
    for (Map.Entry<ReplicaId, Resources> q : gcs.queuedActors().entrySet()) {
      if (blocked.contains(q.getKey().job())) {
        wants.computeIfAbsent(q.getKey().job(), k -> new ArrayList<>()).add(q.getValue());
      }
    }
    if (holds.size() < 2) {
      return g;
    }
    // Capacity that does not depend on blocked jobs: totals minus what blocked jobs hold.
    TreeMap<Integer, Resources> outside = new TreeMap<>();
    for (int id : gcs.view().aliveIds()) {
      outside.put(id, gcs.view().total(id));
    }
    for (SimPlacementGroup pg : gcs.placementGroups().values()) {
      if (blocked.contains(pg.id().job())) {
        for (int b = 0; b < pg.size(); b++) {
          int n = pg.nodeOf(b);
          if (n >= 0 && outside.containsKey(n)) {
            outside.put(n, outside.get(n).minus(pg.spec().bundles().get(b).resources()));
          }
        }
      }
    }
    for (Map.Entry<ReplicaId, Integer> a : gcs.placedActors().entrySet()) {
      if (blocked.contains(a.getKey().job()) && outside.containsKey(a.getValue())) {
        outside.put(
            a.getValue(),
            outside.get(a.getValue()).minus(gcs.actorDemand(a.getKey()).orElseThrow()));
      }
    }
    for (String a : wants.keySet()) {
      if (fitsOutside(wants.get(a), outside)) {
        continue; // merely waiting: capacity held by running jobs will do
      }
      for (Map.Entry<String, TreeSet<Integer>> h : holds.entrySet()) {
        String b = h.getKey();
        if (a.equals(b) || !holds.containsKey(a)) {
          continue;
        }
        if (helps(gcs, h.getValue(), wants.get(a))) {
          g.graph.addVertex(a);
          g.graph.addVertex(b);
          g.graph.addEdge(a, b);
        }
      }
    }
    return g;
  }

  private static boolean fitsOutside(List<Resources> demands, TreeMap<Integer, Resources> outside) {
    List<Resources> sorted = new ArrayList<>(demands);
    sorted.sort(dev.cohort.core.resources.ResourceNames.BUNDLE_ORDER);
    TreeMap<Integer, Resources> left = new TreeMap<>(outside);
    for (Resources d : sorted) {
      Integer home = null;
      for (Map.Entry<Integer, Resources> n : left.entrySet()) {
        if (n.getValue().fits(d)) {
          home = n.getKey();
          break;
        }
      }
      if (home == null) {
        return false;
      }
      left.put(home, left.get(home).minus(d));
    }
    return true;
  }

  private static boolean helps(FakeGcs gcs, Set<Integer> nodes, List<Resources> demands) {
    for (int n : nodes) {
      if (!gcs.view().isAlive(n)) {
        continue;
      }
      for (Resources d : demands) {
        if (gcs.view().total(n).fits(d)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Every set of jobs waiting on each other in a cycle, names sorted; sets sorted by first name.
   */
  public List<List<String>> cycles() {
    List<List<String>> out = new ArrayList<>();
    for (Set<String> scc :
        new KosarajuStrongConnectivityInspector<>(graph).stronglyConnectedSets()) {
      if (scc.size() > 1) {
        out.add(List.copyOf(new TreeSet<>(scc)));
      }
    }
    out.sort((x, y) -> x.toString().compareTo(y.toString()));
    return out;
  }

  /** True when some job was blocked at the time of the snapshot. */
  public boolean anyBlocked() {
    return anyBlocked;
  }

  /** The waits-for edges as "a -> b" strings, sorted (for reports and tests). */
  public List<String> edges() {
    List<String> out = new ArrayList<>();
    for (DefaultEdge e : graph.edgeSet()) {
      out.add(graph.getEdgeSource(e) + " -> " + graph.getEdgeTarget(e));
    }
    out.sort(String::compareTo);
    return out;
  }
}
