package dev.cohort.driver.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.driver.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cohort run} with real processes (shell scripts under test resources). */
class LocalRunTest {
  static final Path SCRIPTS = Path.of("src/test/resources/scripts").toAbsolutePath();

  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
    replaysIdentically(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Every journal a run leaves replays through a fresh controller to the same commands. */
  static void replaysIdentically(String... args) {
    List<String> a = List.of(args);
    int i = a.indexOf("--log-dir");
    if (!a.get(0).equals("run") || i < 0) {
      return;
    }
    Path journal = Path.of(a.get(i + 1)).resolve("journal.jsonl");
    if (Files.exists(journal)) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          Main.execute(
              new String[] {"replay", journal.toString()},
              new PrintWriter(out),
              new PrintWriter(err));
      assertEquals(0, code, journal + " does not replay: " + err);
    }
  }

  Path job(String name, int min, int max, String extra, Map<String, String> env)
      throws IOException {
    StringBuilder e = new StringBuilder("{ OUT_DIR: '" + tmp + "'");
    env.forEach((k, v) -> e.append(", ").append(k).append(": '").append(v).append("'"));
    e.append(" }");
    String yaml =
        "name: "
            + name
            + "\nreplicas: { min: "
            + min
            + ", max: "
            + max
            + " }\nresources: { CPU: 1 }\n"
            + "command: [bash, '"
            + SCRIPTS.resolve("replica.sh")
            + "']\nenv: "
            + e
            + "\n"
            + extra;
    return Files.writeString(tmp.resolve(name + ".yaml"), yaml);
  }

  Map<String, String> envOf(String replicaAttempt) throws IOException {
    Map<String, String> m = new TreeMap<>();
    for (String line : Files.readAllLines(tmp.resolve("env-r" + replicaAttempt))) {
      int eq = line.indexOf('=');
      m.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return m;
  }

  @Test
  void gangOfThreeStartsTogetherWithItsEnvironment() throws IOException {
    Path f = job("gang", 3, 3, "", Map.of("JOB_FLAVOUR", "vanilla"));
    Run r = run("run", f.toString(), "--log-dir", tmp.resolve("logs").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    String rdzv = null;
    for (int i = 0; i < 3; i++) {
      Map<String, String> env = envOf(i + ".0");
      assertEquals("gang", env.get("COHORT_JOB"));
      assertEquals(Integer.toString(i), env.get("COHORT_REPLICA"));
      assertEquals("0", env.get("COHORT_ATTEMPT"));
      assertEquals("3:3", env.get("COHORT_NNODES"));
      assertEquals("127.0.0.1", env.get("COHORT_RANK0_HOST"));
      assertEquals("127.0.0.1", env.get("TORCHX_RANK0_HOST"));
      assertEquals("vanilla", env.get("JOB_FLAVOUR"));
      assertTrue(env.get("COHORT_RDZV_ENDPOINT").matches("127\\.0\\.0\\.1:\\d+"), env.toString());
      if (rdzv != null) {
        assertEquals(rdzv, env.get("COHORT_RDZV_ENDPOINT"), "one endpoint per group");
      }
      rdzv = env.get("COHORT_RDZV_ENDPOINT");
      assertTrue(
          Files.readString(tmp.resolve("logs/r" + i + ".0.log"))
              .contains("replica " + i + " attempt 0 up"));
    }
    assertTrue(r.out().contains("[r2.0] replica 2 attempt 0 up"), "console lines carry a prefix");
    assertTrue(r.out().contains("job gang SUCCEEDED"), r.out());
  }

  @Test
  void elasticJobRunsOnWhatTheNodesAllow() throws IOException {
    Path f = job("elastic", 2, 3, "", Map.of());
    assertEquals(
        0,
        run("run", f.toString(), "--nodes", "2", "--log-dir", tmp.resolve("a").toString()).code());
    assertTrue(Files.exists(tmp.resolve("env-r1.0")));
    assertFalse(Files.exists(tmp.resolve("env-r2.0")), "no node for the third replica");
    assertEquals(
        0,
        run("run", f.toString(), "--nodes", "3", "--log-dir", tmp.resolve("b").toString()).code());
    assertTrue(Files.exists(tmp.resolve("env-r2.0")), "with three nodes the job grows to max");
  }

  @Test
  void aKilledReplicaRestartsInItsOwnBundle() throws IOException {
    Path f = job("kill1", 3, 3, "", Map.of("SLEEP", "2"));
    Run r = run("run", f.toString(), "--kill", "1@400ms", "--log-dir", tmp.resolve("l").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertEquals(
        envOf("1.0").get("COHORT_NODE"), envOf("1.1").get("COHORT_NODE"), "same bundle, same node");
    assertFalse(Files.exists(tmp.resolve("env-r0.1")), "others keep running");
    assertTrue(
        r.out().contains("replica 1 RUNNING -> FAILING (lost: killed by fault injection)"),
        r.out());
    assertTrue(r.out().contains("restarts 1"), r.out());
  }

  @Test
  void killingRankZeroRestartsTheGroupWithANewRankZero() throws IOException {
    Path f = job("kill0", 2, 2, "", Map.of("SLEEP", "2"));
    Run r = run("run", f.toString(), "--kill", "0@400ms", "--log-dir", tmp.resolve("l").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertEquals("1", envOf("0.0").get("COHORT_GENERATION"));
    assertEquals("2", envOf("0.1").get("COHORT_GENERATION"), "a new group generation");
    assertEquals(
        "2", envOf("1.1").get("COHORT_GENERATION"), "replica 1 was restarted with the group");
    assertTrue(
        r.out().contains("replica 1 RUNNING -> SCHEDULING (group restart: rank 0 lost)"), r.out());
  }

  @Test
  void anExhaustedBudgetFailsWithExitOne() throws IOException {
    Path f = job("budget", 1, 1, "maxRestarts: 0\n", Map.of("SLEEP", "3"));
    Run r = run("run", f.toString(), "--kill", "0@300ms", "--log-dir", tmp.resolve("l").toString());
    assertEquals(1, r.code());
    assertTrue(
        r.err().contains("job budget FAILED") && r.err().contains("restart budget of 0 exhausted"),
        r.err());
  }

  @Test
  void aProgramThatCannotRunFailsAtOnceNamingThePath() throws IOException {
    Path f =
        Files.writeString(
            tmp.resolve("nx.yaml"),
            "name: nx\nreplicas: { min: 2 }\nresources: { CPU: 1 }\ncommand: [/nonexistent/bin/x]\n");
    Run r = run("run", f.toString(), "--log-dir", tmp.resolve("l").toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertEquals(
        "cohort: job nx FAILED after",
        r.err().lines().reduce((a, b) -> b).orElse("").substring(0, 27),
        r.err());
    assertTrue(
        r.err().contains("cannot launch nx/r")
            && r.err().contains("/nonexistent/bin/x: no such file"),
        r.err());
    assertTrue(r.err().contains("(restarts 0,"), "no restart spent on it: " + r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void anUnusableLogDirIsBadInputBeforeAnythingStarts() throws IOException {
    Path f = job("logs", 1, 1, "", Map.of());
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    Run r = run("run", f.toString(), "--log-dir", file.toString());
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals("error: --log-dir " + file + " is a file, not a directory\n", r.err());
    assertEquals("", r.out(), "nothing started");
    Run nested = run("run", f.toString(), "--log-dir", file.resolve("sub").toString());
    assertEquals(2, nested.code(), nested.err());
    assertTrue(
        nested.err().startsWith("error: --log-dir " + file.resolve("sub") + " cannot be created: "),
        nested.err());
  }

  Path gpuJob(String name) throws IOException {
    return Files.writeString(
        tmp.resolve(name + ".yaml"),
        "name: "
            + name
            + "\nreplicas: { min: 2, max: 2 }\nresources: { CPU: 1, GPU: 1 }\ncommand: [bash, '"
            + SCRIPTS.resolve("replica.sh")
            + "']\nenv: { OUT_DIR: '"
            + tmp
            + "', SLEEP: '0.2' }\n");
  }

  @Test
  void gpuJobsGetRealDevicesOrAreRefusedOnAHostWithoutThem() throws IOException {
    dev.cohort.driver.cli.RunCommandAccess.detectNoGpus();
    try {
      Run refused = run("run", gpuJob("g0").toString(), "--log-dir", tmp.resolve("a").toString());
      assertEquals(2, refused.code(), refused.out() + refused.err());
      assertTrue(
          refused
              .err()
              .startsWith(
                  "error: the job needs 2 GPU(s) on this host (2 local node(s) of 1 GPU) but it has"
                      + " 0 ("),
          refused.err());
      assertEquals("", refused.out(), "nothing started");

      Run real =
          run(
              "run",
              gpuJob("g1").toString(),
              "--gpus",
              "2",
              "--log-dir",
              tmp.resolve("b").toString());
      assertEquals(0, real.code(), real.out() + real.err());
      String d0 = envOf("0.0").get("CUDA_VISIBLE_DEVICES");
      String d1 = envOf("1.0").get("CUDA_VISIBLE_DEVICES");
      assertEquals(java.util.Set.of("0", "1"), java.util.Set.of(d0, d1), "one device each");

      Run virtual =
          run(
              "run",
              gpuJob("g2").toString(),
              "--virtual-gpus",
              "--log-dir",
              tmp.resolve("c").toString());
      assertEquals(0, virtual.code(), virtual.out() + virtual.err());
      assertTrue(virtual.out().contains("[cohort] notice: --virtual-gpus"), virtual.out());
      assertEquals(null, envOf("0.0").get("CUDA_VISIBLE_DEVICES"));
    } finally {
      dev.cohort.driver.cli.RunCommandAccess.detectForReal();
    }
  }

  @Test
  void aNonZeroExitTakesTheFailingPath() throws IOException {
    Path f = job("flaky", 1, 1, "", Map.of("EXIT_ON_ATTEMPT0", "3"));
    Run r = run("run", f.toString(), "--log-dir", tmp.resolve("l").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("replica 0 RUNNING -> FAILING (exit code 3)"), r.out());
    assertTrue(Files.exists(tmp.resolve("env-r0.1")));
    Path strict = job("strict", 1, 1, "maxRestarts: 0\n", Map.of("EXIT_ON_ATTEMPT0", "3"));
    assertEquals(1, run("run", strict.toString(), "--log-dir", tmp.resolve("m").toString()).code());
  }

  @Test
  void torchxActorsJsonIsAcceptedInItsDoubleEncodedForm() throws IOException {
    String actor =
        "{\\\"name\\\": \\\"trainer\\\", \\\"command\\\": [\\\"bash\\\", \\\""
            + SCRIPTS.resolve("replica.sh")
            + "\\\"], \\\"env\\\": {\\\"OUT_DIR\\\": \\\""
            + tmp
            + "\\\"}, \\\"num_cpus\\\": 1, \\\"num_gpus\\\": 0, \\\"min_replicas\\\": 2}";
    Path f = Files.writeString(tmp.resolve("actors.json"), "\"[" + actor + ", " + actor + "]\"");
    Run r = run("run", "--actors-json", f.toString(), "--log-dir", tmp.resolve("l").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertEquals("2:2", envOf("1.0").get("COHORT_NNODES"));
    assertEquals("trainer", envOf("0.0").get("COHORT_JOB"));
  }

  @Test
  void aMultiRoleTorchxAppRunsEachReplicaAsItsEntrySays() throws IOException {
    // The app: two trainers SHARD=0/1 (2 CPU + 1 GPU; the second asks 8 CPUs) and a
    // 0.5-CPU reader READER=1. Each replica keeps its own env, command and resources.
    String script = SCRIPTS.resolve("replica.sh").toString();
    String trainer =
        "{\"name\": \"trainer\", \"command\": [\"bash\", \"%s\"], \"env\": {\"OUT_DIR\":"
            + " \"%s\", \"SHARD\": \"%d\"}, \"num_cpus\": %d, \"num_gpus\": 1}";
    String reader =
        "{\"name\": \"reader\", \"command\": [\"bash\", \"%s\"], \"env\": {\"OUT_DIR\":"
            + " \"%s\", \"READER\": \"1\"}, \"num_cpus\": 0.5}";
    Path f =
        Files.writeString(
            tmp.resolve("roles.json"),
            "["
                + String.format(trainer, script, tmp, 0, 2)
                + ", "
                + String.format(trainer, script, tmp, 1, 8)
                + ", "
                + String.format(reader, script, tmp)
                + "]");
    Run r =
        run(
            "run",
            "--actors-json",
            f.toString(),
            "--virtual-gpus",
            "--log-dir",
            tmp.resolve("l").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("3 local node(s) of {CPU: 8, GPU: 1}"), r.out());
    assertEquals("0", envOf("0.0").get("SHARD"));
    assertEquals("1", envOf("1.0").get("SHARD"));
    assertEquals("1", envOf("2.0").get("READER"));
    assertEquals(null, envOf("2.0").get("SHARD"), "the reader does not get a trainer's env");
    assertEquals("reader", envOf("2.0").get("COHORT_ROLE"));
    CliRunnerAccess v = CliRunnerAccess.validateJson(f);
    assertEquals("{CPU: 8, GPU: 1}", v.replica(1).get("resources").asText(), "8 CPUs kept");
    assertEquals("{CPU: 0.5}", v.replica(2).get("resources").asText(), "fractional CPUs kept");
  }

  @Test
  void nodeResourcesDecideHowManyReplicasShareANode() throws IOException {
    Path f = job("packed", 2, 2, "strategy: PACK\n", Map.of());
    Run r =
        run(
            "run",
            f.toString(),
            "--nodes",
            "1",
            "--node-resources",
            "CPU=2",
            "--log-dir",
            tmp.resolve("l").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertEquals(
        envOf("0.0").get("COHORT_NODE"),
        envOf("1.0").get("COHORT_NODE"),
        "both on the one 2-CPU node");
    assertEquals(2, run("run", f.toString(), "--node-resources", "CPU=two").code());
  }

  @Test
  void chaosKillsRandomReplicasAndTheJobStillSucceeds() throws IOException {
    Path f = job("chaos", 2, 2, "maxRestarts: 100\n", Map.of("SLEEP", "1.5"));
    Run r =
        run(
            "run",
            f.toString(),
            "--chaos-mtbf",
            "250ms",
            "--seed",
            "7",
            "--log-dir",
            tmp.resolve("l").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("chaos: killing replica"), r.out());
    assertTrue(r.out().matches("(?s).*restarts [1-9][0-9]*.*"), r.out());
  }

  @Test
  void badRunInputIsOneLineAndExitTwo() throws IOException {
    Path noCommand = Files.writeString(tmp.resolve("nc.yaml"), "name: x\nwork: { duration: 1h }\n");
    Run a = run("run", noCommand.toString());
    assertEquals(2, a.code());
    assertEquals(1, a.err().lines().count(), a.err());
    assertTrue(
        a.err().startsWith("error: " + noCommand + ":1:1: job 'x' has no 'command'"), a.err());
    Path f = job("k", 1, 2, "", Map.of());
    Run b = run("run", f.toString(), "--kill", "5@1s");
    assertEquals(2, b.code());
    assertTrue(
        b.err().startsWith("error: --kill 5@1s: the replica must be an index from 0 to 1"),
        b.err());
    assertEquals(2, run("run", f.toString(), "--kill", "1@soon").code());
    Run yarn = run("run", f.toString(), "--backend", "yarn");
    assertEquals(2, yarn.code());
    assertTrue(
        yarn.err().startsWith("error: --backend yarn: allowed values are local and ray"),
        yarn.err());
  }

  @Test
  void dryRunPredictsWithoutLaunching() throws IOException {
    Path f = job("dry", 2, 3, "", Map.of());
    Run r =
        run(
            "run",
            f.toString(),
            "--dry-run",
            "--assume-duration",
            "1h",
            "--assume-mtbf",
            "2d",
            "--replications",
            "50");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("would launch:\n  r0 {CPU: 1}: bash "), r.out());
    assertTrue(r.out().contains("dry run of job dry on 3 node(s)"), r.out());
    assertTrue(r.out().contains("scenario dry-dry-run: 50 replication(s)"), r.out());
    assertFalse(Files.exists(tmp.resolve("env-r0.0")), "nothing was launched");
    Run assumed = run("run", f.toString(), "--dry-run", "--replications", "2");
    assertEquals(0, assumed.code(), assumed.err());
    assertTrue(
        assumed.out().startsWith("[cohort] the job has no 'work' and no --assume-duration"),
        "the documented default model, said out loud: " + assumed.out());
  }

  @Test
  void sigtermStopsEveryReplicaTreeAndExits143() throws Exception {
    String marker = "cohort-test-marker-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    String yaml =
        "name: term\nreplicas: { min: 2, max: 2 }\ncommand: [bash, '"
            + SCRIPTS.resolve("spawner.sh")
            + "']\n"
            + "env: { OUT_DIR: '"
            + tmp
            + "', MARKER: '"
            + marker
            + "' }\n";
    Path f = Files.writeString(tmp.resolve("term.yaml"), yaml);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.cohort.driver.cli.Main");
    cmd.addAll(
        List.of(
            "run", f.toString(), "--stop-grace", "1s", "--log-dir", tmp.resolve("l").toString()));
    Process driver =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("driver.out").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!(Files.exists(tmp.resolve("up-r0")) && Files.exists(tmp.resolve("up-r1")))
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(Files.exists(tmp.resolve("up-r1")), Files.readString(tmp.resolve("driver.out")));
    assertTrue(countMarked(marker) >= 4, "two replicas with a grandchild each");
    driver.destroy(); // SIGTERM
    assertTrue(driver.waitFor(30, TimeUnit.SECONDS));
    assertEquals(143, driver.exitValue(), Files.readString(tmp.resolve("driver.out")));
    assertEquals(0, countMarked(marker), "no replica process or grandchild survives");
    assertTrue(
        Files.readString(tmp.resolve("driver.out"))
            .contains("interrupted: every replica process tree was stopped"));
  }

  private static int countMarked(String marker) throws IOException {
    int n = 0;
    try (var dirs = Files.list(Path.of("/proc"))) {
      for (Path d : dirs.toList()) {
        if (!d.getFileName().toString().chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String cmdline = new String(Files.readAllBytes(d.resolve("cmdline"))).replace('\0', ' ');
          String stat = Files.readString(d.resolve("stat"));
          boolean zombie = stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
          if (cmdline.contains(marker) && !zombie) {
            n++;
          }
        } catch (IOException e) {
          // gone while looking
        }
      }
    }
    return n;
  }
}
