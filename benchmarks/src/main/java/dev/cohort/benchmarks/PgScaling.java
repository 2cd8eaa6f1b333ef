package dev.cohort.benchmarks;

import dev.cohort.core.placement.PlacementGroupSpec;
import dev.cohort.core.placement.PlacementStrategy;
import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.PgId;
import dev.cohort.core.resources.Resources;
import dev.cohort.sim.cluster.Cluster;
import dev.cohort.sim.cluster.SimNode;
import dev.cohort.sim.engine.Engine;
import dev.cohort.sim.engine.EventPriority;
import dev.cohort.sim.engine.SimEvent;
import dev.cohort.sim.engine.Trace;
import dev.cohort.sim.gcs.FakeGcs;
import dev.cohort.sim.gcs.GcsConfig;
import dev.cohort.sim.gcs.GcsObserver;
import java.util.TreeMap;

/**
 * The seed thread's PG-scaling argument, made reproducible: a job of {@code n} single-node replicas
 * on {@code n} nodes, its single-bundle groups created all at once (bulk) or one by one (the next
 * only after the previous is placed, plus the driver's round trip to hear of it and ask again).
 * Simulated time, on the fake GCS with its defaults.
 */
public final class PgScaling {

  /** Simulated seconds until every group is placed, and the mean time a group waited queued. */
  public record Result(
      int nodes, boolean bulk, double seconds, double meanQueueWaitSeconds, long placements) {}

  /**
   * Driver-side round trip per group in the incremental mode: hear "placed", send the next create.
   */
  public static final long DRIVER_ROUND_TRIP = 1_000; // 1 ms

  private PgScaling() {}

  /** Runs one experiment. */
  public static Result run(int n, boolean bulk) {
    Engine engine = new Engine(new Trace());
    Cluster cluster = new Cluster();
    long[] waited = {0};
    int[] placed = {0};
    long[] done = {0};
    FakeGcs[] gcs = new FakeGcs[1];
    GcsObserver obs =
        new GcsObserver() {
          @Override
          public void emit(ClusterEvent e) {
            if (e instanceof ClusterEvent.PlacementGroupPlaced p) {
              placed[0]++;
              done[0] = engine.now();
              if (!bulk && p.pg().index() + 1 < n) {
                int next = p.pg().index() + 1;
                engine.schedule(
                    engine.now() + DRIVER_ROUND_TRIP, EventPriority.SUBMIT, create(gcs, next));
              }
            }
          }

          @Override
          public void queueWait(long at, String job, long w) {
            waited[0] += w;
          }
        };
    gcs[0] = new FakeGcs(engine, GcsConfig.DEFAULTS, cluster, obs);
    for (int i = 0; i < n; i++) {
      SimNode node = cluster.join("n-" + i, "n", Resources.of("CPU", 1), new TreeMap<>(), 0);
      gcs[0].nodeAdded(node);
    }
    if (bulk) {
      for (int i = 0; i < n; i++) {
        engine.schedule(0, EventPriority.SUBMIT, create(gcs, i));
      }
    } else {
      engine.schedule(0, EventPriority.SUBMIT, create(gcs, 0));
    }
    engine.run(Long.MAX_VALUE, () -> placed[0] == n);
    return new Result(n, bulk, done[0] / 1e6, waited[0] / 1e6 / n, gcs[0].placementAttempts());
  }

  private static SimEvent create(FakeGcs[] gcs, int k) {
    return new SimEvent() {
      @Override
      public void fire() {
        gcs[0].createPlacementGroup(
            PlacementGroupSpec.uniform(
                new PgId("job", k), 1, Resources.of("CPU", 1), PlacementStrategy.SPREAD));
      }

      @Override
      public void trace(Trace t) {
        t.kind("create").field("pg", k);
      }
    };
  }
}
