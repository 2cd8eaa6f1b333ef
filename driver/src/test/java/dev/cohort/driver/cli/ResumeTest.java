package dev.cohort.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.driver.journal.JournalReader;
import dev.cohort.driver.local.ProcessIdentity;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver that dies (SIGKILL, as the OOM killer would) while its replicas run: a second driver
 * resumes the run from the journal, or, if none comes, the orphan keeper stops the replicas. Real
 * processes throughout; the driver under test is a separate JVM so it can be killed.
 */
class ResumeTest {
  static final Path SCRIPT = Path.of("src/test/resources/scripts/timeline.sh").toAbsolutePath();

  @TempDir Path tmp;
  final List<Process> drivers = new ArrayList<>();

  record Run(int code, String out, String err) {}

  Run cohort(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  Path job(String name, Map<String, String> env) throws IOException {
    StringBuilder e = new StringBuilder("{ OUT_DIR: '" + tmp + "'");
    env.forEach((k, v) -> e.append(", ").append(k).append(": '").append(v).append("'"));
    e.append(" }");
    return Files.writeString(
        tmp.resolve(name + ".yaml"),
        "name: "
            + name
            + "\nreplicas: { min: 2, max: 2 }\nresources: { CPU: 1 }\ncommand: [bash, '"
            + SCRIPT
            + "']\nenv: "
            + e
            + "\n");
  }

  /** Starts {@code cohort run ARGS} in a JVM of its own. */
  Process driver(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.add("run");
    cmd.addAll(List.of(args));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("driver-" + drivers.size() + ".out").toFile())
            .start();
    drivers.add(p);
    return p;
  }

  static void await(String what, long millis, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting: " + what);
      }
      Thread.sleep(50);
    }
  }

  static void kill(Process driver) throws InterruptedException {
    driver.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
    assertTrue(driver.waitFor(10, TimeUnit.SECONDS));
  }

  String run(Path journal) {
    return JournalReader.read(journal).header().run();
  }

  /** Per replica, the [start, end] times of each attempt, from the replicas' own timeline. */
  Map<Integer, List<long[]>> timeline() throws IOException {
    Map<String, long[]> byAttempt = new TreeMap<>();
    for (String line : Files.readAllLines(tmp.resolve("timeline"))) {
      String[] f = line.split(" ");
      long[] span = byAttempt.computeIfAbsent(f[1] + "/" + f[2], k -> new long[] {-1, -1});
      span[f[0].equals("start") ? 0 : 1] = Long.parseLong(f[3]);
    }
    Map<Integer, List<long[]>> out = new TreeMap<>();
    byAttempt.forEach(
        (k, v) ->
            out.computeIfAbsent(Integer.parseInt(k.split("/")[0]), x -> new ArrayList<>()).add(v));
    return out;
  }

  @AfterEach
  void noDriverLeft() throws Exception {
    for (Process p : drivers) {
      if (p.isAlive()) {
        kill(p);
      }
    }
  }

  @Test
  void aKilledDriverIsResumedAndTheJobSucceedsWithItsHistory() throws Exception {
    Path f = job("resumed", Map.of("SLEEP", "4", "FAIL_REPLICA", "1", "FAIL_AFTER", "2"));
    Path logs = tmp.resolve("logs");
    Path journal = logs.resolve("journal.jsonl");
    Process first =
        driver(
            f.toString(),
            "--log-dir",
            logs.toString(),
            "--orphan-grace",
            "60s",
            "--stop-grace",
            "2s");
    await(
        "both replicas up",
        20_000,
        () -> Files.exists(tmp.resolve("env-r1.0")) && Files.exists(tmp.resolve("env-r0.0")));
    kill(first);
    String run = run(journal);
    assertEquals(2, ProcessIdentity.ofRun(run).size(), "the replicas outlive their driver");
    // Replica 1's first attempt fails while no driver watches; its status is on disk.
    await(
        "replica 1 ends while no driver watches",
        10_000,
        () -> Files.exists(logs.resolve(".status").resolve(run).resolve("r1.0")));
    Run fresh = cohort("run", f.toString(), "--log-dir", logs.toString());
    assertEquals(2, fresh.code(), fresh.err());
    assertTrue(fresh.err().contains("has an unfinished run in " + journal), fresh.err());

    Run r = cohort("run", "--resume", journal.toString(), "--stop-grace", "2s");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("replica 0 attempt 0 is still running"), r.out());
    assertTrue(r.out().contains("replica 1 attempt 0 exited with 3 meanwhile"), r.out());
    assertTrue(r.out().contains("replica 1 RUNNING -> FAILING (exit code 3)"), r.out());
    assertTrue(r.out().contains("job resumed SUCCEEDED"), r.out());
    assertTrue(r.out().contains("(restarts 1, replicas started 3)"), r.out());
    // The job keeps its id and record across the driver's death; the record ends SUCCEEDED.
    var record =
        dev.cohort.driver.jobs.JobHome.all().stream()
            .filter(j -> j.journal().equals(journal.toString()))
            .reduce((a, b) -> b)
            .orElseThrow();
    assertEquals("SUCCEEDED", record.state(), record.toString());
    assertEquals(ProcessHandle.current().pid(), record.driverPid(), "the resuming driver");
    assertTrue(Files.exists(tmp.resolve("env-r1.1")), "replica 1 restarted");
    assertTrue(!Files.exists(tmp.resolve("env-r0.1")), "replica 0 was adopted, never run twice");
    for (var e : timeline().entrySet()) {
      List<long[]> spans = e.getValue();
      spans.sort((a, b) -> Long.compare(a[0], b[0]));
      for (int i = 1; i < spans.size(); i++) {
        assertTrue(
            spans.get(i - 1)[1] > 0 && spans.get(i - 1)[1] <= spans.get(i)[0],
            "replica " + e.getKey() + " ran two attempts at once");
      }
    }
    assertEquals(List.of(), ProcessIdentity.ofRun(run), "nothing of the run is left running");
    String keeper = Files.readString(logs.resolve("keeper.log"));
    assertTrue(keeper.contains("the run ended; leaving"), keeper);
    Run replay = cohort("replay", journal.toString());
    assertEquals(0, replay.code(), replay.err());
    assertTrue(
        replay
            .out()
            .contains("the controller issues the recorded commands (job resumed SUCCEEDED)"),
        replay.out());
  }

  @Test
  void withoutAResumeTheKeeperStopsTheReplicasAfterTheGraces() throws Exception {
    Path f = job("orphaned", Map.of("SLEEP", "60"));
    Path logs = tmp.resolve("logs");
    Process first =
        driver(
            f.toString(),
            "--log-dir",
            logs.toString(),
            "--orphan-grace",
            "1s",
            "--stop-grace",
            "1s");
    await(
        "both replicas up",
        20_000,
        () -> Files.exists(tmp.resolve("env-r1.0")) && Files.exists(tmp.resolve("env-r0.0")));
    Path journal = logs.resolve("journal.jsonl");
    String run = run(journal);
    Run held = cohort("run", "--resume", journal.toString());
    assertEquals(2, held.code(), held.err());
    assertTrue(held.err().contains("is held by a driver that is still running"), held.err());
    kill(first);
    long killed = System.nanoTime();
    await("the keeper stops the replicas", 10_000, () -> ProcessIdentity.ofRun(run).isEmpty());
    long took = (System.nanoTime() - killed) / 1_000_000;
    assertTrue(took < 1_000 + 1_000 + 2_000, "stopped after " + took + " ms");
    Path log = logs.resolve("keeper.log");
    await(
        "the keeper leaves",
        5_000,
        () -> {
          try {
            return Files.readString(log).contains("stopped 2 process group(s); leaving");
          } catch (IOException e) {
            return false;
          }
        });
  }

  @Test
  void replayFindsTheFirstDivergenceAndATornTailIsOnlyAWarning() throws Exception {
    Path f = job("replayed", Map.of("SLEEP", "0.5"));
    Path logs = tmp.resolve("logs");
    Run r = cohort("run", f.toString(), "--log-dir", logs.toString(), "--kill", "1@200ms");
    assertEquals(0, r.code(), r.out() + r.err());
    Path journal = logs.resolve("journal.jsonl");
    Run same = cohort("replay", journal.toString());
    assertEquals(0, same.code(), same.err());

    Path torn = Files.copy(journal, tmp.resolve("torn.jsonl"));
    Files.writeString(torn, "{\"type\":\"step\",\"eve", StandardOpenOption.APPEND);
    Run t = cohort("replay", torn.toString());
    assertEquals(0, t.code(), t.err());
    assertTrue(t.err().contains("the last line is incomplete"), t.err());

    Path changed = tmp.resolve("changed.jsonl");
    List<String> lines = Files.readAllLines(journal);
    int at = -1;
    for (int i = 0; i < lines.size() && at < 0; i++) {
      if (lines.get(i).contains("\"kind\":\"startReplica\"")) {
        lines.set(i, lines.get(i).replaceFirst("\"generation\":1", "\"generation\":5"));
        at = i + 1;
      }
    }
    Files.write(changed, lines);
    Run d = cohort("replay", changed.toString());
    assertEquals(1, d.code(), d.out());
    assertTrue(d.err().contains("diverges at line " + at + ":"), d.err());

    Path damaged = tmp.resolve("damaged.jsonl");
    lines = Files.readAllLines(journal);
    lines.set(2, "not json");
    Files.write(damaged, lines);
    Run x = cohort("replay", damaged.toString());
    assertEquals(2, x.code());
    assertTrue(x.err().startsWith("error: " + damaged + ":3: not a JSON line"), x.err());

    Run sim = cohort("replay", journal.toString(), "--simulate");
    assertEquals(0, sim.code(), sim.err());
    assertTrue(sim.out().contains("recorded: job replayed SUCCEEDED"), sim.out());
    assertTrue(sim.out().contains("1 restart(s), 1 loss(es)"), sim.out());
    assertTrue(sim.out().contains("simulated: job replayed SUCCEEDED"), sim.out());
    Run whatIf =
        cohort("replay", journal.toString(), "--simulate", "--set", "jobs[0].maxRestarts=0");
    assertEquals(0, whatIf.code(), whatIf.err());
    assertTrue(
        whatIf.out().contains("simulated with jobs[0].maxRestarts=0: job replayed FAILED"),
        whatIf.out());
  }
}
