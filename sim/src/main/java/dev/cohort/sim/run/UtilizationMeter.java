package dev.cohort.sim.run;

import dev.cohort.core.resources.Resources;
import java.util.Set;
import java.util.TreeMap;

/**
 * Time-weighted share of capacity held by reservations, per resource kind that jobs request; the
 * cluster's utilization is the mean over those kinds. Capacity counts nodes the GCS believes alive.
 */
final class UtilizationMeter {
  private final TreeMap<String, long[]> levels = new TreeMap<>(); // name → {reserved, total}
  private final TreeMap<String, double[]> integrals = new TreeMap<>(); // name → {∫reserved, ∫total}
  private long last;

  UtilizationMeter(Set<String> kinds) {
    for (String k : kinds) {
      levels.put(k, new long[2]);
      integrals.put(k, new double[2]);
    }
  }

  private void advance(long at) {
    long dt = at - last;
    if (dt > 0) {
      for (var e : levels.entrySet()) {
        double[] i = integrals.get(e.getKey());
        i[0] += (double) e.getValue()[0] * dt;
        i[1] += (double) e.getValue()[1] * dt;
      }
      last = at;
    }
  }

  private void add(long at, Resources r, int slot, int sign) {
    advance(at);
    for (int k = 0; k < r.size(); k++) {
      long[] l = levels.get(r.name(k));
      if (l != null) {
        l[slot] += sign * r.unitsAt(k);
      }
    }
  }

  void reserve(long at, Resources r) {
    add(at, r, 0, 1);
  }

  void release(long at, Resources r) {
    add(at, r, 0, -1);
  }

  void nodeUp(long at, Resources total) {
    add(at, total, 1, 1);
  }

  void nodeDown(long at, Resources total) {
    add(at, total, 1, -1);
  }

  double finish(long end) {
    advance(end);
    double sum = 0;
    int n = 0;
    for (double[] i : integrals.values()) {
      if (i[1] > 0) {
        sum += i[0] / i[1];
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }
}
