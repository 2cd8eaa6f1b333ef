package dev.cohort.sim.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.core.spec.SpecNode;
import dev.cohort.sim.report.Summary;
import dev.cohort.sim.run.MonteCarlo;
import dev.cohort.sim.run.SimOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchTest {
  /** 30 one-hour jobs arrive at once; with n one-job nodes the last waits about (30/n − 1) h. */
  static final String QUEUE =
      """
      name: queue
      horizon: 3d
      cluster:
        nodeGroups: [ { name: n, count: 1, resources: { CPU: 1 } } ]
      arrivals:
        - { name: batch, process: fixed, interval: 1s, count: 30,
            job: { work: { duration: 1h } } }
      """;

  static final SpecNode ROOT = SweepPlanTest.root(QUEUE);

  @Test
  void bisectionFindsWhatALinearScanFinds() {
    Target t = Target.parse("p90(wait) < 2h");
    SweepParameter over = SweepParameter.parse("cluster.nodeGroups.n.count=1..40");
    Search.Outcome o =
        Search.find(Path.of("plan.yaml"), ROOT, t, over, 2, 1, 1, SimOptions.DEFAULT, p -> {});
    String linear = null;
    for (String v : over.values()) {
      SweepPlan p =
          SweepPlan.of(
              Path.of("plan.yaml"),
              ROOT,
              List.of(SweepParameter.parse("cluster.nodeGroups.n.count=" + v)),
              false);
      Summary s =
          Summary.of(
              MonteCarlo.run(p.cells().get(0).scenario(), 2, 1, 1, SimOptions.DEFAULT, d -> {}));
      if (t.met(s)) {
        linear = v;
        break;
      }
    }
    assertEquals(linear, o.found().orElseThrow());
    assertTrue(o.probes().size() < 15, "bisection, not a scan: " + o.probes().size());
    assertEquals(2 * Search.BOUNDARY_FACTOR, o.at().replications(), "confirmed with more runs");
  }

  @Test
  void noValueMeetingTheTargetIsSaid() {
    Search.Outcome o =
        Search.find(
            Path.of("plan.yaml"),
            ROOT,
            Target.parse("p90(wait) < 1s"),
            SweepParameter.parse("cluster.nodeGroups.n.count=1..3"),
            1,
            1,
            1,
            SimOptions.DEFAULT,
            p -> {});
    assertFalse(o.found().isPresent());
    assertEquals("3", o.at().value());
  }

  @Test
  void targetsAndMetricsAreReadStrictly() {
    Target t = Target.parse("mean(train.ettr) >= 90%");
    assertEquals(0.9, t.bound(), 1e-12);
    assertEquals("train", t.metric().job().orElseThrow());
    assertEquals(3600, Target.parse("p90(wait)<1h").bound(), 1e-9);
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Target.parse("p90(wait) < 1 h"))
            .getMessage()
            .contains("is not a duration"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Target.parse("p95(wait) < 1h"))
            .getMessage()
            .contains("STAT one of mean, p50, p90, p99, max"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Metric.parse("mean(train.speed)"))
            .getMessage()
            .contains("allowed: jct, wait, restarts, ettr, success"));
    double[] w = Search.wilson(37, 64);
    assertEquals(0.455, w[0], 0.01);
    assertEquals(0.69, w[1], 0.01);
  }
}
