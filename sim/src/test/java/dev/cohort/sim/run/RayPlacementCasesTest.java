package dev.cohort.sim.run;

import static dev.cohort.sim.run.SimTesting.checkedRun;
import static dev.cohort.sim.run.SimTesting.scenario;
import static dev.cohort.sim.run.SimTesting.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Ray's own placement-group test cases (reference §7), run through the whole simulator. */
class RayPlacementCasesTest {

  static String job(String strategy, int min, String res) {
    return "{ name: j, replicas: { min: %d, max: %d }, resources: %s, strategy: %s, work: { duration: 1h } }"
        .formatted(min, min, res, strategy);
  }

  static List<String> nodes(RunResult r) {
    return r.job("j").nodes().stream().map(Optional::orElseThrow).toList();
  }

  @Test
  void packAndStrictPackCoLocate() { // cases 1 and 2
    for (String s : List.of("PACK", "STRICT_PACK")) {
      RunResult r =
          checkedRun(
              scenario(
                  "cluster: { nodeGroups: [ { name: n, count: 2, resources: { CPU: 4 } } ] }\njobs: [ "
                      + job(s, 2, "{ CPU: 2 }")
                      + " ]"));
      assertEquals(1, new HashSet<>(nodes(r)).size(), s);
    }
  }

  @Test
  void strictSpreadUsesDistinctNodes() { // case 3
    RunResult r =
        checkedRun(
            scenario(
                "cluster: { nodeGroups: [ { name: n, count: 3, resources: { CPU: 4 } } ] }\njobs: [ "
                    + job("STRICT_SPREAD", 3, "{ CPU: 2 }")
                    + " ]"));
    assertEquals(3, new HashSet<>(nodes(r)).size());
  }

  @Test
  void strictSpreadWaitsInfeasibleUntilAThirdNodeJoins() { // case 4
    RunResult r =
        checkedRun(
            scenario(
                """
                cluster:
                  nodeGroups:
                    - { name: n, count: 2, resources: { CPU: 4 } }
                    - { name: late, count: 1, resources: { CPU: 4 }, joinAt: 1h }
                jobs: [ %s ]
                """
                    .formatted(job("STRICT_SPREAD", 3, "{ CPU: 1 }"))));
    assertEquals(
        sec(3600) + 2000,
        r.job("j").startedAt().orElseThrow(),
        "node add retries infeasible groups at once");
    assertTrue(nodes(r).contains("late-0"));
  }

  @Test
  void infeasibleStrictPackWaitsForABigEnoughNode() { // case 5
    RunResult r =
        checkedRun(
            scenario(
                """
                cluster:
                  nodeGroups:
                    - { name: small, count: 1, resources: { CPU: 2 } }
                    - { name: big, count: 1, resources: { CPU: 4, GPU: 1 }, joinAt: 10m }
                jobs: [ %s ]
                """
                    .formatted(job("STRICT_PACK", 1, "{ CPU: 4, GPU: 1 }"))));
    assertEquals(sec(600) + 2000, r.job("j").startedAt().orElseThrow());
    assertEquals(List.of("big-0"), nodes(r));
  }

  @Test
  void onlyTheLostBundleIsPlacedAgain() { // case 12
    RunResult r =
        checkedRun(
            scenario(
                """
                horizon: 3h
                gcs: { tieBreak: registration }
                cluster:
                  nodeGroups: [ { name: n, count: 4, resources: { CPU: 4 } } ]
                  failures: [ { at: 10m, node: n-1 } ]
                jobs: [ { name: j, replicas: { min: 3, max: 3 }, resources: { CPU: 2 }, strategy: SPREAD,
                          work: { duration: 1h } } ]
                """));
    JobResult j = r.job("j");
    assertEquals(List.of("n-0", "n-1", "n-2"), nodes(r));
    assertEquals(1, j.restarts());
    assertEquals(4, j.replicasStarted(), "three first starts and one restart; nobody else moved");
    var holds = r.timeline().holds();
    assertTrue(holds.stream().anyMatch(h -> h.node().equals("n-3") && h.job().equals("j")));
    assertTrue(
        holds.stream().filter(h -> h.node().equals("n-0")).count() == 1,
        "n-0 kept its bundle the whole time");
  }

  @Test
  void removingAGroupUnblocksTheNextAtTheNextTick() { // cases 9/10
    RunResult r =
        checkedRun(
            scenario(
                """
                cluster: { nodeGroups: [ { name: n, count: 1, resources: { CPU: 4, GPU: 1 } } ] }
                jobs:
                  - { name: a, resources: { CPU: 4, GPU: 1 }, work: { duration: 1500ms } }
                  - { name: b, resources: { CPU: 4, GPU: 1 }, work: { duration: 1s } }
                """));
    long aEnd = r.job("a").finishedAt().orElseThrow();
    long bStart = r.job("b").startedAt().orElseThrow();
    assertEquals(sec(1.5) + 2000, aEnd);
    assertTrue(
        bStart > aEnd && bStart <= aEnd + sec(1) + 2000,
        "freed resources reach the queue at the next 1 s tick");
    assertEquals(sec(2) + 2000, bStart);
  }

  @Test
  void groupsAreCommittedOneAtATime() { // many PGs, one in flight
    RunResult r =
        checkedRun(
            scenario(
                """
                cluster: { nodeGroups: [ { name: n, count: 8, resources: { CPU: 1 } } ] }
                jobs: [ { name: e, replicas: { min: 1, max: 8 }, work: { duration: 1h } } ]
                """));
    var waits = r.timeline().queueWaits();
    assertEquals(8, waits.size());
    for (int i = 0; i < 8; i++) {
      assertEquals((i + 1) * 2000L, waits.get(i).at(), "each commit takes 2 ms and they queue");
    }
    assertNotEquals(waits.get(0).waited(), waits.get(7).waited());
  }

  @Test
  void creationIsAtomicNothingIsReservedWhileItCannotAllFit() { // Ray case 8
    RunResult r =
        checkedRun(
            scenario(
                """
                cluster: { nodeGroups: [ { name: n, count: 2, resources: { CPU: 4 } } ] }
                jobs:
                  - { name: busy, replicas: { min: 2, max: 2 }, resources: { CPU: 3 }, reservation: actors,
                      work: { duration: 6s } }
                  - { name: gang, replicas: { min: 4, max: 4 }, resources: { CPU: 2 }, strategy: SPREAD,
                      work: { duration: 1h } }
                """));
    long busyEnd = r.job("busy").finishedAt().orElseThrow();
    long gangStart = r.job("gang").startedAt().orElseThrow();
    assertTrue(
        gangStart >= busyEnd && gangStart <= busyEnd + sec(1) + 2000, gangStart + " vs " + busyEnd);
    for (var h : r.timeline().holds()) {
      if (h.job().equals("gang")) {
        assertTrue(h.from() >= busyEnd, "the gang held nothing while it could not fit: " + h);
      }
    }
  }

  @Test
  void aBacklogOfGroupsGainsOnePlacementPerJoiningNode() { // Ray case 11
    RunResult r =
        checkedRun(
            scenario(
                """
                horizon: 2h
                cluster:
                  nodeGroups:
                    - { name: first, count: 1, resources: { CPU: 1 } }
                    - { name: more, count: 20, resources: { CPU: 1 }, joinAt: 1h }
                arrivals:
                  - { name: pg, process: fixed, interval: 0s, count: 1000,
                      job: { resources: { CPU: 1 }, work: { duration: 10h } } }
                """));
    long started = r.jobs().stream().filter(j -> j.startedAt().isPresent()).count();
    assertEquals(21, started, "one on the first node, then one per joining node");
    long firstStart =
        r.jobs().stream().flatMap(j -> j.startedAt().stream()).min(Long::compare).orElseThrow();
    assertTrue(firstStart < sec(3), "1 group placed within 3 s: " + firstStart);
    for (JobResult j : r.jobs()) {
      j.startedAt()
          .filter(t -> t > sec(3))
          .ifPresent(t -> assertTrue(t <= sec(3600 + 10), "each new node used within 10 s: " + t));
    }
  }
}
