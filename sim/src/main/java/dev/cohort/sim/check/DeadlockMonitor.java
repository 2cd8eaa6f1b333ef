package dev.cohort.sim.check;

import dev.cohort.core.job.JobController;
import dev.cohort.core.job.JobState;
import dev.cohort.core.placement.Bundle;
import dev.cohort.core.placement.ClusterState;
import dev.cohort.core.port.PgId;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.resources.ResourceNames;
import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.Reservation;
import dev.cohort.sim.gcs.GcsView;
import dev.cohort.sim.gcs.PlacementGroupView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

/**
 * Finds gang deadlocks: jobs below their gang size that hold capacity and wait for each other.
 *
 * <p>A job is <em>blocked</em> while it is PENDING, or RUNNING with fewer than {@code min}
 * replicas. Job A waits for job B when both are blocked, A's outstanding demands cannot be met from
 * capacity that blocked jobs do not hold, and B holds a reservation on a node that could hold one
 * of A's demands. A cycle means nobody can move without a timeout. Only blocked jobs that hold
 * something can be in a cycle, so the monitor keeps that set current as reservations and
 * transitions happen (O(1) each) and analyses nothing while it has fewer than two members: a
 * backlog of waiting jobs that hold nothing costs nothing.
 */
public final class DeadlockMonitor {
  /** What the monitor knows of one job; the caller keeps it with the job and passes it back. */
  public static final class Job {
    private final String name;
    private boolean blocked;
    private int holdings;
    private boolean participant;

    private Job(String name) {
      this.name = name;
    }
  }

  private int blockedCount;

  /** Blocked jobs that hold something: the only possible members of a cycle, by name. */
  private final TreeSet<String> participants = new TreeSet<>();

  /** Counts changes that can make or break a cycle. */
  private long changes;

  /** Starts watching a submitted job. */
  public Job watch(String name) {
    return new Job(name);
  }

  /** A job's state or running count changed (after a transition). */
  public void jobChanged(Job j, JobController c) {
    boolean b =
        c.state() == JobState.PENDING
            || (c.state() == JobState.RUNNING && c.running() < c.spec().replicas().min());
    if (j.blocked != b) {
      j.blocked = b;
      blockedCount += b ? 1 : -1;
      refresh(j);
    }
  }

  /** The job ended: it is neither blocked nor a holder any more. */
  public void jobEnded(Job j) {
    if (j.blocked) {
      j.blocked = false;
      blockedCount--;
    }
    refresh(j);
  }

  /** The job now holds one more reservation (a bundle or an actor). */
  public void reserved(Job j) {
    if (j.holdings++ == 0) {
      refresh(j);
    } else if (j.participant) {
      changes++;
    }
  }

  /** The job holds one reservation less. */
  public void freed(Job j) {
    if (--j.holdings == 0) {
      refresh(j);
    } else if (j.participant) {
      changes++;
    }
  }

  private void refresh(Job j) {
    changes++;
    boolean p = j.blocked && j.holdings > 0;
    if (p != j.participant) {
      j.participant = p;
      if (p) {
        participants.add(j.name);
      } else {
        participants.remove(j.name);
      }
    }
  }

  /** The cluster lost capacity (a node died): waiting jobs may now wait for each other. */
  public void capacityLost() {
    changes++;
  }

  /** A counter that moves whenever a cycle may have appeared or gone. */
  public long changes() {
    return changes;
  }

  /** True while some job is blocked. */
  public boolean anyBlocked() {
    return blockedCount > 0;
  }

  /** Blocked jobs that hold a reservation, by name. */
  public Set<String> participants() {
    return java.util.Collections.unmodifiableSet(participants);
  }

  /**
   * The cycles among blocked jobs now: each as its job names, sorted; cycles sorted by their names.
   * Reads only the participants' groups, actors and demands, and the nodes.
   */
  public List<List<String>> cycles(GcsView gcs, Function<String, JobController> jobs) {
    if (participants.size() < 2) {
      return List.of();
    }
    ClusterState view = gcs.view();
    TreeMap<String, Set<Integer>> holds = new TreeMap<>();
    TreeMap<String, List<Resources>> wants = new TreeMap<>();
    Map<Integer, Resources> heldByBlocked = new HashMap<>();
    for (String job : participants) {
      JobSpec spec = jobs.apply(job).spec();
      Set<Integer> nodes = new TreeSet<>();
      List<Resources> demands = new ArrayList<>();
      if (spec.reservation() == Reservation.PLACEMENT_GROUP) {
        int groups = 1 + spec.replicas().max() - spec.replicas().min();
        for (int k = 0; k < groups; k++) {
          Optional<? extends PlacementGroupView> g = gcs.placementGroup(new PgId(job, k));
          if (g.isEmpty()) {
            continue;
          }
          PlacementGroupView pg = g.get();
          for (int b = 0; b < pg.size(); b++) {
            int n = pg.nodeOf(b);
            if (n >= 0) {
              nodes.add(n);
              heldByBlocked.merge(n, pg.spec().bundles().get(b).resources(), Resources::plus);
            }
          }
          for (Bundle b : gcs.unplacedBundles(pg.id())) {
            demands.add(b.resources());
          }
        }
      } else {
        Map<ReplicaId, Resources> queued = gcs.queuedActors();
        for (int i = 0; i < spec.replicas().max(); i++) {
          ReplicaId r = new ReplicaId(job, i);
          int n = gcs.actorNode(r);
          if (n >= 0) {
            nodes.add(n);
            heldByBlocked.merge(n, gcs.actorDemand(r).orElseThrow(), Resources::plus);
          }
          Resources q = queued.get(r);
          if (q != null) {
            demands.add(q);
          }
        }
      }
      holds.put(job, nodes);
      if (!demands.isEmpty()) {
        wants.put(job, demands);
      }
    }
    // Capacity that does not depend on blocked jobs: totals minus what they hold, in tie order.
    LinkedHashMap<Integer, Resources> outside = new LinkedHashMap<>();
    for (int id : view.aliveIds()) {
      Resources held = heldByBlocked.get(id);
      outside.put(id, held == null ? view.total(id) : view.total(id).minus(held));
    }
    Graph<String, DefaultEdge> graph = new DefaultDirectedGraph<>(DefaultEdge.class);
    for (Map.Entry<String, List<Resources>> w : wants.entrySet()) {
      String a = w.getKey();
      if (fitsOutside(w.getValue(), outside)) {
        continue; // merely waiting: capacity held by running jobs will do
      }
      for (Map.Entry<String, Set<Integer>> h : holds.entrySet()) {
        String b = h.getKey();
        if (!a.equals(b) && helps(view, h.getValue(), w.getValue())) {
          graph.addVertex(a);
          graph.addVertex(b);
          graph.addEdge(a, b);
        }
      }
    }
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

  /** First fit of the demands (hardest first) over the nodes in tie order. */
  private static boolean fitsOutside(
      List<Resources> demands, LinkedHashMap<Integer, Resources> outside) {
    List<Resources> sorted = new ArrayList<>(demands);
    sorted.sort(ResourceNames.BUNDLE_ORDER);
    LinkedHashMap<Integer, Resources> left = new LinkedHashMap<>(outside);
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

  private static boolean helps(ClusterState view, Set<Integer> nodes, List<Resources> demands) {
    for (int n : nodes) {
      if (!view.isAlive(n)) {
        continue;
      }
      for (Resources d : demands) {
        if (view.total(n).fits(d)) {
          return true;
        }
      }
    }
    return false;
  }
}
