package dev.cohort.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cohort.driver.jobs.JobHome;
import dev.cohort.driver.jobs.JobRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs with ids, seen from "another shell": a detached run is listed, its status and logs read, and
 * it is cancelled; a foreground run leaves its record; two runs of one name keep their logs.
 */
class JobCommandsTest {
  @TempDir Path tmp;

  @BeforeEach
  void home() {
    System.setProperty("cohort.home", tmp.resolve("home").toString());
  }

  @AfterEach
  void noHome() throws Exception {
    for (JobRecord j : JobHome.all()) {
      if (!j.ended() && j.driverAlive()) {
        ProcessHandle.of(j.driverPid()).ifPresent(ProcessHandle::destroy);
      }
      Path logs = Path.of(j.logDir());
      if (logs.startsWith(Path.of("cohort-logs").toAbsolutePath())) {
        dev.cohort.driver.runtime.FileTrees.delete(logs); // the default folder, under the module
      }
    }
    System.clearProperty("cohort.home");
  }

  Path job(String name, int seconds) throws Exception {
    return Files.writeString(
        tmp.resolve(name + ".yaml"),
        "name: "
            + name
            + "\nreplicas: { min: 2, max: 2 }\nresources: { CPU: 1 }\ncommand: [bash, -c, 'for i"
            + " in $(seq "
            + seconds * 5
            + "); do echo tick $i; sleep 0.2; done']\n");
  }

  static void await(String what, java.util.function.BooleanSupplier done) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
      Thread.sleep(100);
    }
  }

  @Test
  void aDetachedJobIsListedFollowedAndCancelledFromAnotherShell() throws Exception {
    CliRunner started =
        CliRunner.run(
            "run",
            job("sleepy", 30).toString(),
            "--detach",
            "--log-dir",
            tmp.resolve("l").toString());
    assertEquals(0, started.code(), started.err());
    String id = started.out().split(" ")[1];
    assertTrue(id.matches("sleepy-[0-9a-f]{6}"), started.out());
    await(
        "both replicas running",
        () ->
            JobHome.find(id)
                .map(j -> j.replicas().values().stream().allMatch("RUNNING"::equals))
                .orElse(false));

    CliRunner list = CliRunner.run("list", "--json");
    JsonNode all = new ObjectMapper().readTree(list.out());
    assertEquals(1, all.size());
    assertEquals("RUNNING", all.get(0).get("state").asText());
    assertTrue(all.get(0).get("driverAlive").asBoolean());

    CliRunner status = CliRunner.run("status", id);
    assertTrue(
        status.out().startsWith("job " + id + " (sleepy) RUNNING, driver pid"), status.out());
    await(
        "some output", () -> CliRunner.run("logs", id, "--replica", "1").out().contains("tick 2"));
    assertTrue(CliRunner.run("logs", id).out().contains("[r0.0] tick 1"));

    CliRunner cancel = CliRunner.run("cancel", id);
    assertEquals(0, cancel.code(), cancel.err());
    assertEquals("job " + id + " CANCELLED: cancelled on request\n", cancel.out());
    JobRecord done = JobHome.find(id).orElseThrow();
    assertEquals(List.of("CANCELLED", "CANCELLED"), List.copyOf(done.replicas().values()));
    await("the driver to exit", () -> !done.driverAlive());
    CliRunner again = CliRunner.run("cancel", id);
    assertEquals(1, again.code());
    assertTrue(again.err().contains("had already ended: CANCELLED"), again.err());
  }

  @Test
  void foregroundRunsGetIdsAndKeepTheirLogsApart() throws Exception {
    Path f = job("same", 0);
    CliRunner one = CliRunner.run("run", f.toString());
    CliRunner two = CliRunner.run("run", f.toString());
    assertEquals(0, one.code(), one.err());
    assertEquals(0, two.code(), two.err());
    List<JobRecord> all = JobHome.all();
    assertEquals(2, all.size());
    assertFalse(
        all.get(0).logDir().equals(all.get(1).logDir()), "the second run keeps the first's logs");
    assertTrue(all.stream().allMatch(j -> j.state().equals("SUCCEEDED")));
    assertTrue(
        CliRunner.run("status").out().startsWith("job " + all.get(1).id()), "the latest job");
    CliRunner unknown = CliRunner.run("status", "nope-000000");
    assertEquals(2, unknown.code());
    assertEquals(
        "error: no job 'nope-000000' on this host; 'cohort list' shows them\n", unknown.err());
  }
}
