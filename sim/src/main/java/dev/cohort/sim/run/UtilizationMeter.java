package dev.cohort.sim.run;

import dev.cohort.core.resources.Resources;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Time-weighted share of capacity held by reservations, per resource kind that jobs request; the
 * cluster's utilization is the mean over those kinds. Capacity counts nodes the GCS believes alive.
 */
final class UtilizationMeter {
  private final String[] kinds;
  private final Map<String, Integer> index = new HashMap<>();

  /** For each resource vector seen, the kind index of each of its names (−1: not metered). */
  private final java.util.IdentityHashMap<Resources, int[]> kindsOf =
      new java.util.IdentityHashMap<>();

  private final long[] reserved;
  private final long[] total;
  private final double[] reservedIntegral;
  private final double[] totalIntegral;
  private long last;

  UtilizationMeter(Set<String> requested) {
    this.kinds = new TreeSet<>(requested).toArray(new String[0]);
    for (int i = 0; i < kinds.length; i++) {
      index.put(kinds[i], i);
    }
    reserved = new long[kinds.length];
    total = new long[kinds.length];
    reservedIntegral = new double[kinds.length];
    totalIntegral = new double[kinds.length];
  }

  private void advance(long at) {
    long dt = at - last;
    if (dt > 0) {
      for (int k = 0; k < kinds.length; k++) {
        reservedIntegral[k] += (double) reserved[k] * dt;
        totalIntegral[k] += (double) total[k] * dt;
      }
      last = at;
    }
  }

  private void add(long at, Resources r, long[] level, int sign) {
    advance(at);
    int[] ks = kindsOf.get(r);
    if (ks == null) {
      ks = new int[r.size()];
      for (int i = 0; i < ks.length; i++) {
        ks[i] = index.getOrDefault(r.name(i), -1);
      }
      if (kindsOf.size() < 4096) {
        kindsOf.put(r, ks);
      }
    }
    for (int i = 0; i < ks.length; i++) {
      if (ks[i] >= 0) {
        level[ks[i]] += sign * r.unitsAt(i);
      }
    }
  }

  void reserve(long at, Resources r) {
    add(at, r, reserved, 1);
  }

  void release(long at, Resources r) {
    add(at, r, reserved, -1);
  }

  void nodeUp(long at, Resources nodeTotal) {
    add(at, nodeTotal, total, 1);
  }

  void nodeDown(long at, Resources nodeTotal) {
    add(at, nodeTotal, total, -1);
  }

  double finish(long end) {
    advance(end);
    double sum = 0;
    int n = 0;
    for (int k = 0; k < kinds.length; k++) {
      if (totalIntegral[k] > 0) {
        sum += reservedIntegral[k] / totalIntegral[k];
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }
}
