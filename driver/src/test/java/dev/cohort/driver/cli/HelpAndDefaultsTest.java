package dev.cohort.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a new user meets it: help that reads at 80 columns, codes, defaults. */
class HelpAndDefaultsTest {
  @TempDir Path tmp;

  @AfterEach
  void realEnvironment() {
    RunCommand.environment = System::getenv;
  }

  @Test
  void bareCohortPrintsUsageAndExitsTwo() {
    CliRunner r = CliRunner.run();
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("error: a command is required"), r.err());
    assertTrue(r.err().contains("Usage: cohort"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void everyHelpFitsEightyColumnsListsExitCodesAndNeverBreaksASummary() {
    for (String cmd : new String[] {"", "simulate", "run", "replay", "validate", "explain"}) {
      CliRunner r = cmd.isEmpty() ? CliRunner.run("--help") : CliRunner.run(cmd, "--help");
      assertEquals(0, r.code(), cmd);
      for (String line : r.out().lines().toList()) {
        assertTrue(line.length() <= 80, cmd + ": " + line.length() + " columns: " + line);
      }
      if (!cmd.equals("explain")) {
        assertTrue(r.out().contains("Exit codes:"), cmd + ":\n" + r.out());
        assertTrue(r.out().contains("   70   internal error"), cmd + ":\n" + r.out());
      }
    }
    String top = CliRunner.run("--help").out();
    for (String summary :
        new String[] {
          "Simulate a scenario: a summary table, reports, sweeps",
          "Run a job for real, locally or on Ray, with the same",
          "Check a scenario or job file and say what it holds."
        }) {
      assertTrue(top.contains(summary), top);
    }
    assertTrue(top.contains("source <(cohort generate-completion)"), top);
    CliRunner completion = CliRunner.run("generate-completion");
    assertEquals(0, completion.code());
    assertTrue(completion.out().contains("complete -F"), "a bash completion script");
  }

  @Test
  void rayWithoutAnAddressIsRefusedAndRayAddressIsTheDefault() throws IOException {
    Path job =
        Files.writeString(
            tmp.resolve("j.yaml"), "name: j\nreplicas: { min: 1 }\ncommand: [/bin/true]\n");
    RunCommand.environment = k -> null;
    CliRunner none =
        CliRunner.run("run", job.toString(), "--backend", "ray", "--log-dir", tmp.toString());
    assertEquals(2, none.code());
    assertEquals(
        "error: --backend ray needs a cluster: give --ray-address HOST:PORT (or set RAY_ADDRESS),"
            + " or --ray-address local for Ray's single-process mode on this host\n",
        none.err());
    // RAY_ADDRESS is the default; 'local' (Ray's single-process mode) says so in one line.
    RunCommand.environment = k -> k.equals("RAY_ADDRESS") ? "local" : null;
    CliRunner fromEnv =
        CliRunner.run(
            "run", job.toString(), "--backend", "ray", "--log-dir", tmp.resolve("l").toString());
    assertEquals(0, fromEnv.code(), fromEnv.err());
    assertTrue(
        fromEnv.out().contains("[cohort] notice: Ray single-process mode (--ray-address local)"),
        fromEnv.out());
    assertTrue(fromEnv.out().contains("on Ray (local)"), fromEnv.out());
  }

  @Test
  void validateSpeaksJsonWhenAsked() throws Exception {
    CliRunner r = CliRunner.run("validate", "../examples/train-job.yaml", "--json");
    assertEquals(0, r.code(), r.err());
    var o = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
    assertEquals("job", o.get("kind").asText());
    assertEquals(3, o.get("max").asInt());
    CliRunner bad = CliRunner.run("validate", "src/test/resources/bad/no-jobs.yaml", "--json");
    assertEquals(2, bad.code());
    assertEquals("", bad.out());
  }

  @Test
  void aDryRunShowsWhatItWouldLaunchAndAssumesAnHourWhenTheJobHasNoWork() throws Exception {
    Path job =
        Files.writeString(
            tmp.resolve("roles.yaml"),
            "name: app\ncommand: [python, train.py]\nroles:\n"
                + "  - { name: trainer, replicas: 2, env: { SHARD: s } }\n"
                + "  - { name: reader, command: [python, read.py], resources: { CPU: 0.5 } }\n");
    CliRunner r = CliRunner.run("run", job.toString(), "--dry-run", "--replications", "3");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("assuming each replica runs 1h and exits 0"), r.out());
    assertTrue(
        r.out().contains("  r1 (trainer) {CPU: 1}: python train.py  env {SHARD=s}"), r.out());
    assertTrue(r.out().contains("  r2 (reader) {CPU: 0.5}: python read.py"), r.out());
    assertTrue(r.out().contains("nothing was launched"), r.out());
  }
}
