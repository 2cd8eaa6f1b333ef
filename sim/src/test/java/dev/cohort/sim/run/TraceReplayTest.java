package dev.cohort.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job traces as arrivals and availability traces as the cluster, small and (when present) real. */
class TraceReplayTest {
  static final long S = 1_000_000L;
  static final long H = 3600 * S;

  /** The real traces, next to the project (README of ../shared/traces). */
  static final Path SHARED = Path.of("..", "..", "shared", "traces");

  @TempDir Path tmp;

  Scenario scenario(String yaml) throws IOException {
    return ScenarioParser.parseText("s.yaml", yaml, tmp).base();
  }

  @Test
  void traceJobsArriveAsRecordedWithTheirReplicasGpusAndRunTimes() throws IOException {
    Files.writeString(
        tmp.resolve("jobs.csv"),
        """
        submit,run,gpus
        100,600,16
        40,60,1
        40,30,2
        """);
    Scenario s =
        scenario(
            """
            cluster: { nodeGroups: [ { name: g, count: 4, resources: { CPU: 16, GPU: 8 } } ] }
            arrivals:
              - name: t
                startAt: 10s
                trace: { file: jobs.csv, columns: { submit: submit, duration: run, gpus: gpus },
                         gpusPerReplica: 8 }
                job: { resources: { CPU: 2 }, strategy: STRICT_SPREAD }
            """);
    RunResult r = Simulation.run(s, 1, SimOptions.CHECKED.withGeneratedJobs(true));
    List<JobResult> jobs = r.jobs();
    assertEquals(List.of("t-0", "t-1", "t-2"), jobs.stream().map(JobResult::name).toList());
    assertEquals(10 * S, jobs.get(0).submittedAt(), "origin = first submission, plus startAt");
    assertEquals(10 * S, jobs.get(1).submittedAt(), "ties keep file order");
    assertEquals(70 * S, jobs.get(2).submittedAt());
    for (JobResult j : jobs) {
      assertEquals("SUCCEEDED", j.status());
    }
    assertEquals(2, jobs.get(2).replicasStarted(), "16 GPUs at 8 per replica");
    assertEquals(2, jobs.get(2).nodes().stream().distinct().count(), "spread over two nodes");
    long run = jobs.get(2).finishedAt().orElseThrow() - jobs.get(2).startedAt().orElseThrow();
    assertEquals(600 * S, run);
    SourceResult src = r.sources().get(0);
    assertEquals(3, src.succeeded());
    assertEquals(3, src.ettr().length);
  }

  @Test
  void nodesComeAndGoAsTheAvailabilityTraceSays() throws IOException {
    Files.writeString(
        tmp.resolve("spot.csv"),
        """
        0,add,s1
        0,add,s2
        3600000,remove,s1
        5400000,add,s1
        """);
    Scenario s =
        scenario(
            """
            gcs: { tieBreak: registration }
            cluster:
              availabilityTrace: { file: spot.csv, name: spot, resources: { CPU: 1 } }
              randomFailures: { name: hw, mtbf: 100000h, repair: 1h }
            jobs:
              - name: a
                replicas: { min: 2 }
                maxRestarts: 5
                rendezvousTimeout: 2h
                work: { total: 4h, checkpointEvery: 30m }
            """);
    RunResult r = Simulation.run(s, 1, SimOptions.CHECKED.withTimeline(true));
    JobResult a = r.job("a");
    assertEquals("SUCCEEDED", a.status());
    assertEquals(1L, r.interruptionsByCause().get("spot"));
    assertEquals(0L, r.interruptionsByCause().get("hw"));
    assertEquals(1, a.interruptions());
    List<Timeline.Outage> out = r.timeline().outages();
    assertEquals(1, out.size());
    assertEquals("s1", out.get(0).node());
    assertEquals(H, out.get(0).from());
    // Computed 1h (2 replicas: 2h of work, 1h30m saved at the last checkpoint), waited 30m for
    // s1 to return, then 2h30m of work at 2 replicas takes 1h15m.
    assertTrue(a.finishedAt().orElseThrow() > 90 * 60 * S + 75 * 60 * S);
  }

  @Test
  void aRepairDoesNotBringBackANodeTheTraceRemoved() throws IOException {
    Files.writeString(tmp.resolve("spot.csv"), "0,add,s1\n0,add,s2\n7200000,remove,s1\n");
    Scenario s =
        scenario(
            """
            cluster:
              availabilityTrace: { file: spot.csv, resources: { CPU: 1 } }
              failures: [ { at: 1h, node: s1, downFor: 2h, name: psu } ]
            jobs: [ { name: a, work: { duration: 10h } } ]
            """);
    RunResult r = Simulation.run(s, 1, SimOptions.CHECKED.withTimeline(true));
    Timeline.Outage o = r.timeline().outages().get(0);
    assertEquals("s1", o.node());
    assertEquals(H, o.from());
    assertEquals(r.endTime(), o.to(), "removed at 2h while down: the 3h repair is void");
  }

  @Test
  void bambooSpotTraceReplaysEveryAddAndRemove() throws IOException {
    Path trace = SHARED.resolve("bamboo-p3-trace.csv");
    assumeTrue(Files.exists(trace), "../shared/traces is not here; skipping the real trace");
    Files.copy(trace, tmp.resolve("p3.csv"));
    Scenario s =
        scenario(
            """
            horizon: 12h
            cluster: { availabilityTrace: { file: p3.csv, name: p3, resources: { GPU: 1 } } }
            jobs:
              - name: elastic
                replicas: { min: 1, max: 32 }
                resources: { GPU: 1 }
                maxRestarts: 1000
                work: { total: 10000h, checkpointEvery: 10m }
            """);
    RunResult r = Simulation.run(s, 1, SimOptions.CHECKED.withTimeline(true));
    assertEquals(167, r.timeline().outages().size(), "one outage per removal");
    assertTrue(r.interruptionsByCause().get("p3") > 100, "most removals hit the elastic job");
  }

  @Test
  void thePhillyTraceReplaysAllJobsOn300EightGpuNodes() throws IOException {
    Path trace = SHARED.resolve("philly.csv");
    assumeTrue(Files.exists(trace), "../shared/traces is not here; skipping the real trace");
    Files.copy(trace, tmp.resolve("philly.csv"));
    Scenario s =
        scenario(
            """
            horizon: 200d
            cluster: { nodeGroups: [ { name: gpu, count: 300, resources: { CPU: 64, GPU: 8 } } ] }
            arrivals:
              - name: philly
                trace:
                  file: philly.csv
                  columns: { submit: timestamp, duration: duration, gpus: num_gpus }
                  gpusPerReplica: 8
                job: { resources: { CPU: 4 }, maxRestarts: 5 }
            """);
    RunResult r = Simulation.run(s, 1, SimOptions.DEFAULT);
    SourceResult p = r.sources().get(0);
    assertEquals(82_247, p.total(), "every row of the trace is a job");
    assertEquals(82_247, p.succeeded(), "no failures modelled: every job completes");
    double mean = 0;
    for (double e : p.ettr()) {
      mean += e / p.ettr().length;
    }
    assertTrue(mean > 0.5 && mean <= 1, "at 16% load most time is running: ETTR " + mean);
  }
}
