package dev.cohort.driver.local;

import dev.cohort.core.port.ReplicaId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which real GPUs each replica gets: virtual node {@code k} owns devices {@code k·G … k·G+G−1} of
 * the host ({@code G} GPUs per node), and a replica placed on it takes {@code ceil(g)} of that
 * node's free ones for as long as its process runs, so replicas sharing the host never share a
 * device (a fractional request shares the node's first device, as Ray does).
 */
final class GpuAllocator {
  private final List<TreeSet<Integer>> free = new ArrayList<>();
  private final List<List<String>> owned = new ArrayList<>();
  private final Map<ReplicaId, List<Integer>> held = new HashMap<>();
  private final Map<ReplicaId, Integer> nodeOf = new HashMap<>();

  GpuAllocator(List<String> devices, int nodes, int perNode) {
    for (int k = 0; k < nodes; k++) {
      TreeSet<Integer> f = new TreeSet<>();
      List<String> mine = new ArrayList<>();
      for (int j = 0; j < perNode && k * perNode + j < devices.size(); j++) {
        f.add(j);
        mine.add(devices.get(k * perNode + j));
      }
      free.add(f);
      owned.add(mine);
    }
  }

  /** The devices for {@code r} on {@code node}, asking {@code amount} GPUs; "" when none. */
  synchronized String take(ReplicaId r, int node, double amount) {
    release(r);
    if (amount <= 0 || node >= owned.size() || owned.get(node).isEmpty()) {
      return "";
    }
    if (amount < 1) {
      return owned.get(node).get(0);
    }
    int n = (int) Math.ceil(amount);
    List<Integer> got = new ArrayList<>();
    for (int i = 0; i < n && !free.get(node).isEmpty(); i++) {
      got.add(free.get(node).pollFirst());
    }
    held.put(r, got);
    nodeOf.put(r, node);
    List<String> names = new ArrayList<>();
    for (int j : got) {
      names.add(owned.get(node).get(j));
    }
    return String.join(",", names);
  }

  /** {@code r}'s process ended: its devices are free again. */
  synchronized void release(ReplicaId r) {
    List<Integer> got = held.remove(r);
    Integer node = nodeOf.remove(r);
    if (got != null && node != null) {
      free.get(node).addAll(got);
    }
  }
}
