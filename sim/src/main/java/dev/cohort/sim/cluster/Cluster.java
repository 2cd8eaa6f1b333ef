package dev.cohort.sim.cluster;

import dev.cohort.core.resources.Resources;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The physical side of the simulated cluster: which node incarnations exist, which are up, and
 * which crashed. What the GCS believes lives in {@link dev.cohort.sim.gcs.FakeGcs}; the two differ
 * between a crash and its detection by health checks.
 *
 * <p>Memory follows live state: an incarnation is held from its registration until the run {@link
 * #forget forgets} it (once it is declared dead and nothing refers to it by id), and its id is then
 * reused. Ties between equally good nodes follow the registration order ({@link SimNode#serial()}),
 * never the id.
 */
public final class Cluster {
  private SimNode[] byId = new SimNode[16];
  private final ArrayDeque<Integer> freeIds = new ArrayDeque<>();
  private int nextId;
  private long registrations;
  private final Map<String, SimNode> current = new HashMap<>();

  /** Registers a new incarnation of {@code name}. */
  public SimNode join(
      String name, String group, Resources total, SortedMap<String, String> labels, long at) {
    SimNode prev = current.get(name);
    if (prev != null && !prev.crashed()) {
      throw new IllegalStateException("node " + name + " joined while still up");
    }
    int inc = prev == null ? 0 : Math.addExact(prev.incarnation(), 1);
    Integer free = freeIds.pollFirst();
    int id = free != null ? free : nextId++;
    if (id >= byId.length) {
      byId = Arrays.copyOf(byId, byId.length * 2);
    }
    SimNode n = new SimNode(id, registrations++, name, inc, group, total, labels, at);
    byId[id] = n;
    current.put(name, n);
    return n;
  }

  /** The incarnation registered under this id, or null once it was forgotten. */
  public SimNode node(int id) {
    return id >= 0 && id < byId.length ? byId[id] : null;
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

  /**
   * Drops a dead incarnation: its id becomes free for a later registration. The latest incarnation
   * of each name stays reachable through {@link #current}.
   */
  public void forget(SimNode n) {
    if (!n.dead()) {
      throw new IllegalStateException("node " + n + " is forgotten before it was declared dead");
    }
    if (byId[n.id()] == n) {
      byId[n.id()] = null;
      freeIds.addLast(n.id());
    }
  }

  /** Incarnations registered and not forgotten, in registration order. */
  public List<SimNode> live() {
    List<SimNode> out = new ArrayList<>();
    for (SimNode n : byId) {
      if (n != null) {
        out.add(n);
      }
    }
    out.sort((a, b) -> Long.compare(a.serial(), b.serial()));
    return out;
  }
}
