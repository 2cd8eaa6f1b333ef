package dev.cohort.sim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.sim.run.RunResult;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.run.Simulation;
import dev.cohort.sim.scenario.ScenarioParser;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/**
 * The node timeline stays a picture a person can open however big the cluster: a 5,000-node run
 * once asked for an image 90,000 pixels tall (gigabytes of memory for 20,000 nodes).
 */
class ChartsTest {
  static RunResult recorded(int nodes, int jobs) {
    String yaml =
        """
        name: big
        seed: 1
        cluster:
          nodeGroups: [ { name: n, count: %d, resources: { CPU: 2 } } ]
        arrivals:
          - { name: w, process: fixed, interval: 0s, count: %d,
              job: { replicas: { min: 1, max: 1 }, resources: { CPU: 1 }, work: { duration: 10s } } }
        """
            .formatted(nodes, jobs);
    return Simulation.run(
        ScenarioParser.parse("big.yaml", yaml), 1, SimOptions.DEFAULT.withTimeline(true));
  }

  @Test
  void bigClustersShowTheirFirstNodesOnly() {
    XYChart c = Charts.timeline(recorded(5000, 400));
    assertEquals(120 + 18 * Charts.MAX_ROWS, c.getHeight());
    assertTrue(c.getTitle().contains("first 200 of 5,000 nodes"), c.getTitle());
  }

  @Test
  void manyJobsShareOneGreySeriesBeyondTheColouredOnes() {
    XYChart c = Charts.timeline(recorded(100, 400));
    assertEquals(Charts.MAX_JOB_SERIES + 1, c.getSeriesMap().size());
    assertTrue(c.getSeriesMap().containsKey("other jobs"));
  }

  @Test
  void smallClustersAreDrawnWhole() {
    XYChart c = Charts.timeline(recorded(8, 5));
    assertEquals(360, c.getHeight());
    assertEquals(5, c.getSeriesMap().size());
  }
}
