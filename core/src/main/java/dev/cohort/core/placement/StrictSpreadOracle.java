package dev.cohort.core.placement;

import dev.cohort.core.resources.Resources;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jgrapht.Graph;
import org.jgrapht.alg.interfaces.MatchingAlgorithm;
import org.jgrapht.alg.matching.HopcroftKarpMaximumCardinalityBipartiteMatching;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;

/**
 * An exact answer to "can these STRICT_SPREAD bundles go on distinct nodes?", by maximum bipartite
 * matching (bundles × nodes, an edge where the bundle fits). It lets a planner tell Ray's greedy
 * failing from a placement that is truly impossible.
 */
public final class StrictSpreadOracle {

  /** The three possible answers. */
  public enum Verdict {
    /** A placement exists with the resources free right now. */
    FITS_NOW,
    /** Not now, but it would fit on these nodes once their resources are free. */
    FITS_WHEN_FREE,
    /** No assignment exists even on empty nodes: more nodes (or bigger ones) are needed. */
    IMPOSSIBLE
  }

  /** The verdict and, unless impossible, one witness assignment (bundle index → node id). */
  public record Answer(Verdict verdict, SortedMap<Integer, Integer> witness) {}

  private StrictSpreadOracle() {}

  /** Decides for the given bundles, avoiding {@code occupied} nodes. */
  public static Answer check(
      ClusterState cluster, List<Bundle> bundles, Collection<Integer> occupied) {
    Set<Integer> skip = new HashSet<>(occupied);
    List<Integer> nodes = new ArrayList<>();
    for (int id : cluster.aliveIds()) {
      if (!skip.contains(id)) {
        nodes.add(id);
      }
    }
    SortedMap<Integer, Integer> now = match(cluster, bundles, nodes, true);
    if (now.size() == bundles.size()) {
      return new Answer(Verdict.FITS_NOW, now);
    }
    SortedMap<Integer, Integer> later = match(cluster, bundles, nodes, false);
    if (later.size() == bundles.size()) {
      return new Answer(Verdict.FITS_WHEN_FREE, later);
    }
    return new Answer(Verdict.IMPOSSIBLE, new TreeMap<>());
  }

  private static SortedMap<Integer, Integer> match(
      ClusterState cluster, List<Bundle> bundles, List<Integer> nodes, boolean useAvailable) {
    Graph<String, DefaultEdge> g = new SimpleGraph<>(DefaultEdge.class);
    Set<String> left = new HashSet<>();
    Set<String> right = new HashSet<>();
    for (Bundle b : bundles) {
      String v = "b" + b.index();
      g.addVertex(v);
      left.add(v);
    }
    for (int id : nodes) {
      String v = "n" + id;
      g.addVertex(v);
      right.add(v);
    }
    for (Bundle b : bundles) {
      for (int id : nodes) {
        Resources have = useAvailable ? cluster.available(id) : cluster.total(id);
        if (have.fits(b.resources())) {
          g.addEdge("b" + b.index(), "n" + id);
        }
      }
    }
    MatchingAlgorithm.Matching<String, DefaultEdge> m =
        new HopcroftKarpMaximumCardinalityBipartiteMatching<>(g, left, right).getMatching();
    TreeMap<Integer, Integer> out = new TreeMap<>();
    for (DefaultEdge e : m.getEdges()) {
      String a = g.getEdgeSource(e);
      String b = g.getEdgeTarget(e);
      String bundle = a.startsWith("b") ? a : b;
      String node = a.startsWith("b") ? b : a;
      out.put(Integer.parseInt(bundle.substring(1)), Integer.parseInt(node.substring(1)));
    }
    return out;
  }
}
