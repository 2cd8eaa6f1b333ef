package dev.cohort.driver.conformance;

import static dev.cohort.driver.conformance.ConformanceCase.Capability.EXIT_CODES;
import static dev.cohort.driver.conformance.ConformanceCase.Capability.LAUNCH_CHECK;
import static dev.cohort.driver.conformance.ConformanceCase.Capability.NODE_DEATH;
import static dev.cohort.driver.conformance.ConformanceCase.Capability.NODE_JOIN;
import static dev.cohort.driver.conformance.ConformanceCase.Capability.PROCESS_KILL;
import static dev.cohort.driver.conformance.ConformanceCase.Capability.SHARED_CLUSTER;
import static dev.cohort.driver.conformance.ConformanceCase.Capability.STOP_GRACE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.core.placement.PlacementStrategy;
import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.Distribution;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.Reservation;
import dev.cohort.core.spec.WorkSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend contract of docs/design.md as one suite that every backend runs: the same jobs and
 * fault scripts must give the same job and replica state transitions (timing aside) and leave
 * nothing behind. A subclass says what its backend can do; cases needing more are skipped for it.
 * Transitions are compared per job and per replica, since replicas of real processes interleave.
 */
abstract class BackendConformanceTest {
  static final Path SCRIPT = Path.of("src/test/resources/scripts/conformance.sh").toAbsolutePath();

  /** SIGTERM to SIGKILL grace every real backend is run with. */
  static final long STOP_GRACE_MILLIS = 4_000;

  static final String S_R = "SCHEDULING>RUNNING";
  static final String R_DONE = "RUNNING>TASK_COMPLETED";
  static final String R_FAILING = "RUNNING>FAILING";
  static final String FAILING_S = "FAILING>SCHEDULING";
  static final List<String> JOB_OK =
      List.of("PENDING>RUNNING", "RUNNING>TERMINATING", "TERMINATING>SUCCEEDED");

  @TempDir Path out;

  /** What the backend under test can do. */
  abstract Set<ConformanceCase.Capability> capabilities();

  /** Runs the case on the backend under test. */
  abstract Observed run(ConformanceCase c) throws Exception;

  /** Fails if the last run left anything behind (groups, actors, processes, directories). */
  abstract void assertNothingLeft() throws Exception;

  /** True when replicas are real processes that write their environment to {@link #out}. */
  abstract boolean realProcesses();

  Observed play(ConformanceCase c) throws Exception {
    Assumptions.assumeTrue(
        capabilities().containsAll(c.needs()),
        () -> c.name() + " needs " + c.needs() + "; this backend offers " + capabilities());
    Observed o = run(c);
    assertNothingLeft();
    return o;
  }

  static Map<String, Double> cpu(double n) {
    return Map.of("CPU", n);
  }

  static ConformanceCase.Nodes workers(int n) {
    return new ConformanceCase.Nodes("worker", n, cpu(1));
  }

  /**
   * A job of the conformance script running {@code seconds}, with the equivalent simulated work.
   */
  ConformanceCase.Job job(
      String name,
      int min,
      int max,
      double seconds,
      long submitAtMillis,
      Map<String, String> env,
      UnaryOperator<JobSpec.Builder> more)
      throws IOException {
    Path dir = Files.createDirectories(out.resolve(name));
    TreeMap<String, String> e = new TreeMap<>(env);
    e.put("OUT_DIR", dir.toString());
    e.put("SLEEP", Double.toString(seconds));
    JobSpec.Builder b =
        JobSpec.builder(name)
            .replicas(min, max)
            .resources(Resources.of("CPU", 1))
            .command(List.of("bash", SCRIPT.toString()))
            .env(e)
            .work(new WorkSpec.PerReplica(new Distribution.Fixed((long) (seconds * 1e6))));
    return new ConformanceCase.Job(more.apply(b).build(), submitAtMillis);
  }

  ConformanceCase.Job job(String name, int min, int max, double seconds) throws IOException {
    return job(name, min, max, seconds, 0, Map.of(), b -> b);
  }

  Map<String, String> env(String job, String replicaAttempt) throws IOException {
    Map<String, String> m = new TreeMap<>();
    for (String line : Files.readAllLines(out.resolve(job).resolve("env-" + replicaAttempt))) {
      int eq = line.indexOf('=');
      m.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return m;
  }

  String listing(String job) {
    try (var files = Files.list(out.resolve(job))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList().toString();
    } catch (IOException e) {
      return e.toString();
    }
  }

  static void expect(Observed o, String job, List<String> jobTransitions) {
    assertEquals(jobTransitions, o.job(job), o::toString);
  }

  static void expect(Observed o, String job, int replica, String... transitions) {
    assertEquals(
        List.of(transitions), o.replica(job, replica), () -> job + "/r" + replica + ": " + o);
  }

  @Test
  void aGangRunsToSuccess() throws Exception {
    Observed o =
        play(
            new ConformanceCase(
                "gang", List.of(workers(2)), List.of(job("gang", 2, 2, 1.0)), List.of(), Set.of()));
    expect(o, "gang", JOB_OK);
    expect(o, "gang", 0, S_R, R_DONE);
    expect(o, "gang", 1, S_R, R_DONE);
    if (realProcesses()) {
      assertEquals("2:2", env("gang", "r1.0").get("COHORT_NNODES"));
      assertEquals(
          env("gang", "r0.0").get("COHORT_RANK0_HOST"),
          env("gang", "r1.0").get("COHORT_RANK0_HOST"));
    }
  }

  @Test
  void anElasticJobStartsAtMinAndScalesToMax() throws Exception {
    Observed o =
        play(
            new ConformanceCase(
                "elastic",
                List.of(workers(2)),
                List.of(job("elastic", 1, 2, 1.5)),
                List.of(),
                Set.of()));
    expect(o, "elastic", JOB_OK);
    expect(o, "elastic", 0, S_R, R_DONE);
    expect(o, "elastic", 1, S_R, R_DONE);
  }

  @Test
  void aFailingExitRestartsTheReplicaInItsSlot() throws Exception {
    Observed o =
        play(
            new ConformanceCase(
                "exit",
                List.of(workers(2)),
                List.of(job("exit", 2, 2, 1.5, 0, Map.of("FAIL_REPLICA", "1"), b -> b)),
                List.of(),
                Set.of(EXIT_CODES)));
    expect(o, "exit", JOB_OK);
    expect(o, "exit", 0, S_R, R_DONE);
    expect(o, "exit", 1, S_R, R_FAILING, FAILING_S, S_R, R_DONE);
  }

  @Test
  void aSpentRestartBudgetFailsTheJob() throws Exception {
    Observed o =
        play(
            new ConformanceCase(
                "budget",
                List.of(workers(2)),
                List.of(
                    job(
                        "budget",
                        2,
                        2,
                        2.0,
                        0,
                        Map.of("FAIL_REPLICA", "0"),
                        b -> b.maxRestarts(0))),
                List.of(),
                Set.of(EXIT_CODES)));
    expect(o, "budget", List.of("PENDING>RUNNING", "RUNNING>FAILED"));
    expect(o, "budget", 0, S_R, R_FAILING, "FAILING>FAILED");
    expect(o, "budget", 1, S_R, "RUNNING>CANCELLED");
    assertTrue(o.reason("budget").startsWith("restart budget of 0 exhausted"), o::toString);
  }

  @Test
  void aProgramThatCannotRunFailsTheJobAtOnceWithoutSpendingRestarts() throws Exception {
    Path dir = Files.createDirectories(out.resolve("not-a-program"));
    Path plain = Files.writeString(out.resolve("plain.sh"), "echo hi\n");
    List<String[]> cases =
        List.of(
            new String[] {"missing", "/nonexistent/bin/x", "/nonexistent/bin/x: no such file"},
            new String[] {"dir", dir.toString(), dir + ": is a directory"},
            new String[] {"plain", plain.toString(), plain + ": not executable"},
            new String[] {"nopath", "cohort-no-such-program", "'cohort-no-such-program' is not"});
    for (String[] c : cases) {
      Observed o =
          play(
              new ConformanceCase(
                  "refused-" + c[0],
                  List.of(workers(1)),
                  List.of(
                      job(
                          c[0],
                          1,
                          1,
                          1.0,
                          0,
                          Map.of(),
                          b -> b.command(List.of(c[1])).maxRestarts(3))),
                  List.of(),
                  Set.of(LAUNCH_CHECK)));
      expect(o, c[0], List.of("PENDING>RUNNING", "RUNNING>FAILED"));
      expect(o, c[0], 0, S_R, R_FAILING, "FAILING>FAILED");
      assertTrue(o.reason(c[0]).startsWith("cannot launch " + c[0] + "/r0: " + c[2]), o::toString);
    }
  }

  @Test
  void aKilledProcessRestartsInItsSlot() throws Exception {
    Observed o =
        play(
            new ConformanceCase(
                "kill",
                List.of(workers(2)),
                List.of(job("kill", 2, 2, 1.5)),
                List.of(new ConformanceCase.KillReplica("kill", 1, 500)),
                Set.of(PROCESS_KILL)));
    expect(o, "kill", JOB_OK);
    expect(o, "kill", 0, S_R, R_DONE);
    expect(o, "kill", 1, S_R, R_FAILING, FAILING_S, S_R, R_DONE);
  }

  @Test
  void losingRankZeroRestartsTheGroupAndStopsTheOthersWithinTheGrace() throws Exception {
    // Replica 1's shutdown takes 2.5 s, more than Ray's old hard-coded 2 s and less than the grace.
    Observed o =
        play(
            new ConformanceCase(
                "rank0",
                List.of(workers(2)),
                List.of(job("rank0", 2, 2, 2.0, 0, Map.of("TERM_GRACE", "2.5"), b -> b)),
                List.of(new ConformanceCase.KillReplica("rank0", 0, 500)),
                Set.of(PROCESS_KILL, STOP_GRACE)));
    expect(o, "rank0", JOB_OK);
    expect(o, "rank0", 0, S_R, R_FAILING, FAILING_S, S_R, R_DONE);
    expect(o, "rank0", 1, S_R, "RUNNING>SCHEDULING", S_R, R_DONE);
    assertTrue(
        Files.exists(out.resolve("rank0").resolve("term-r1.0")),
        () ->
            "replica 1 was stopped with SIGTERM and given its grace to finish: "
                + listing("rank0"));
  }

  @Test
  void aDeadNodesBundleIsPlacedElsewhereAndRankZerosHostFollows() throws Exception {
    Observed o =
        play(
            new ConformanceCase(
                "node",
                List.of(workers(3)),
                List.of(
                    job("node", 2, 2, 2.0, 0, Map.of(), b -> b.strategy(PlacementStrategy.SPREAD))),
                List.of(new ConformanceCase.CrashNode("worker-0", 700, -1)),
                Set.of(NODE_DEATH)));
    expect(o, "node", JOB_OK);
    expect(o, "node", 0, S_R, R_FAILING, FAILING_S, S_R, R_DONE);
    expect(o, "node", 1, S_R, "RUNNING>SCHEDULING", S_R, R_DONE);
    if (realProcesses()) {
      assertEquals("worker-0", env("node", "r0.0").get("COHORT_RANK0_HOST"));
      assertEquals(
          "worker-2", env("node", "r0.1").get("COHORT_RANK0_HOST"), "re-placed on the spare");
      assertEquals("worker-2", env("node", "r1.1").get("COHORT_RANK0_HOST"));
    }
  }

  @Test
  void aGangWaitsForTheNodeItNeeds() throws Exception {
    Observed o =
        play(
            new ConformanceCase(
                "join",
                List.of(workers(1)),
                List.of(job("join", 2, 2, 1.0)),
                List.of(
                    new ConformanceCase.AddNodes(
                        new ConformanceCase.Nodes("extra", 1, cpu(1)), 1_000)),
                Set.of(NODE_JOIN)));
    expect(o, "join", JOB_OK);
    expect(o, "join", 0, S_R, R_DONE);
    expect(o, "join", 1, S_R, R_DONE);
    assertTrue(o.startedAtMillis("join") >= 1_000, () -> "started before the node joined: " + o);
  }

  /**
   * The seed thread's case: 3 one-CPU nodes; job-1 a gang of 3; job-2 wants one CPU and arrives
   * later; job-1's node worker-1 crashes and comes back.
   */
  ConformanceCase starvation(Reservation job1) throws IOException {
    return new ConformanceCase(
        "starvation-" + job1.name(),
        List.of(workers(3)),
        List.of(
            job(
                "job-1",
                3,
                3,
                2.5,
                0,
                Map.of(),
                b ->
                    b.strategy(PlacementStrategy.SPREAD)
                        .reservation(job1)
                        .rendezvousTimeout(1_500_000)),
            job("job-2", 1, 1, 1.0, 300, Map.of(), b -> b.reservation(Reservation.ACTORS))),
        List.of(new ConformanceCase.CrashNode("worker-1", 800, 800)),
        Set.of(NODE_DEATH, SHARED_CLUSTER));
  }

  @Test
  void starvationWithPlacementGroupsJobOneRecovers() throws Exception {
    Observed o = play(starvation(Reservation.PLACEMENT_GROUP));
    expect(o, "job-1", JOB_OK);
    expect(o, "job-1", 0, S_R, R_DONE);
    expect(o, "job-1", 1, S_R, R_FAILING, FAILING_S, S_R, R_DONE);
    expect(o, "job-1", 2, S_R, R_DONE);
    expect(o, "job-2", JOB_OK);
    expect(o, "job-2", 0, S_R, R_DONE);
  }

  @Test
  void starvationWithActorsJobTwoTakesTheNodeAndJobOneFails() throws Exception {
    Observed o = play(starvation(Reservation.ACTORS));
    expect(o, "job-1", List.of("PENDING>RUNNING", "RUNNING>FAILED"));
    expect(o, "job-1", 0, S_R, "RUNNING>CANCELLED");
    expect(o, "job-1", 1, S_R, R_FAILING, FAILING_S, "SCHEDULING>CANCELLED");
    expect(o, "job-1", 2, S_R, "RUNNING>CANCELLED");
    assertTrue(o.reason("job-1").startsWith("rendezvous timeout"), o::toString);
    expect(o, "job-2", JOB_OK);
    expect(o, "job-2", 0, S_R, R_DONE);
  }
}
