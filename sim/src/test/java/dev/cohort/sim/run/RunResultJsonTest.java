package dev.cohort.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cohort.sim.report.ReportJson;
import dev.cohort.sim.report.Summary;
import dev.cohort.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunResultJsonTest {
  @Test
  void aDecodedRunSummarisesExactlyLikeTheRun() {
    Scenario s =
        SimTesting.scenario(
            """
            horizon: 3d
            cluster:
              nodeGroups: [ { name: n, count: 6, resources: { CPU: 4, GPU: 1 } } ]
              randomFailures: { mtbf: 1d, repair: 1h }
            jobs:
              - { name: big, replicas: { min: 2, max: 4 }, resources: { GPU: 1 },
                  work: { total: 20h, checkpointEvery: 30m, checkpointCost: 1m } }
              - { name: never, submitAt: 5d, work: { duration: 1h } }
            arrivals:
              - { name: batch, process: poisson, ratePerHour: 3, count: 25,
                  job: { work: { total: 2h, checkpointEvery: 20m } } }
            """);
    MonteCarlo.Study study = MonteCarlo.run(s, 5, 9, 1, SimOptions.DEFAULT, d -> {});
    List<RunResult> decoded = new ArrayList<>();
    for (RunResult r : study.runs()) {
      String json = RunResultJson.encode(r);
      RunResult back = RunResultJson.decode(json);
      assertEquals(json, RunResultJson.encode(back));
      assertEquals(r.jobs(), back.jobs());
      assertEquals(r.sources(), back.sources());
      assertEquals(r.deadlocks(), back.deadlocks());
      decoded.add(back);
    }
    MonteCarlo.Study again =
        new MonteCarlo.Study(s, study.baseSeed(), decoded, study.wallSeconds(), 5);
    assertEquals(ReportJson.render(Summary.of(study)), ReportJson.render(Summary.of(again)));
    assertThrows(IllegalStateException.class, () -> RunResultJson.decode("{nope"));
  }
}
