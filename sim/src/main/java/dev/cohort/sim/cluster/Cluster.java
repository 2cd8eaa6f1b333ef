package dev.cohort.sim.cluster;

import dev.cohort.core.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The physical side of the simulated cluster: which node incarnations exist, which are up, and
 * which crashed. What the GCS believes lives in {@link dev.cohort.sim.gcs.FakeGcs}; the two differ
 * between a crash and its detection by health checks.
 */
public final class Cluster {
  private final List<SimNode> byId = new ArrayList<>();
  private final TreeMap<String, SimNode> current = new TreeMap<>();
  private final TreeMap<String, Integer> incarnations = new TreeMap<>();

  /** Registers a new incarnation of {@code name}. */
  public SimNode join(
      String name, String group, Resources total, SortedMap<String, String> labels, long at) {
    SimNode prev = current.get(name);
    if (prev != null && !prev.crashed()) {
      throw new IllegalStateException("node " + name + " joined while still up");
    }
    int inc = incarnations.merge(name, 1, Integer::sum) - 1;
    SimNode n = new SimNode(byId.size(), name, inc, group, total, labels, at);
    byId.add(n);
    current.put(name, n);
    return n;
  }

  /** The node with this id. */
  public SimNode node(int id) {
    return byId.get(id);
  }

  /** The latest incarnation of a name, if it ever joined. */
  public Optional<SimNode> current(String name) {
    return Optional.ofNullable(current.get(name));
  }

  /** Marks a node crashed; returns false if it was already down. */
  public boolean crash(SimNode n) {
    if (n.crashed()) {
      return false;
    }
    n.markCrashed();
    return true;
  }

  /** Marks a crashed node as declared dead. */
  public void declareDead(SimNode n) {
    n.markDead();
  }

  /** Up (not crashed) nodes carrying {@code label=value}, by name. */
  public List<SimNode> upWithLabel(String label, String value) {
    List<SimNode> out = new ArrayList<>();
    for (SimNode n : current.values()) {
      if (!n.crashed() && value.equals(n.labels().get(label))) {
        out.add(n);
      }
    }
    return out;
  }

  /** All incarnations ever registered, by id. */
  public List<SimNode> all() {
    return java.util.Collections.unmodifiableList(byId);
  }
}
