package dev.cohort.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.core.placement.PlacementStrategy;
import dev.cohort.core.resources.Resources;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobSpecParserTest {

  static JobSpec parse(String name, String text) {
    return JobSpecParser.parse(
        SpecReader.read(name, text.getBytes(StandardCharsets.UTF_8)).asMap(),
        Set.of(),
        Optional.empty());
  }

  static String error(String name, String text) {
    return assertThrows(SpecException.class, () -> parse(name, text)).getMessage();
  }

  @Test
  void readsAFullYamlJobWithDefaultsFilledIn() {
    JobSpec j =
        parse(
            "job.yaml",
            """
            name: train
            replicas: { min: 2, max: 4 }
            resources: { CPU: 2, GPU: 1 }
            command: [python, train.py, --epochs, 3]
            env: { NCCL_DEBUG: INFO }
            work: { duration: 1h }
            """);
    assertEquals("train", j.name());
    assertEquals(new ReplicaBounds(2, 4), j.replicas());
    assertEquals(Resources.of("CPU", 2, "GPU", 1), j.resources());
    assertEquals(PlacementStrategy.SPREAD, j.strategy());
    assertEquals(Reservation.PLACEMENT_GROUP, j.reservation());
    assertEquals(3, j.maxRestarts());
    assertTrue(j.startTimeout().isEmpty());
    assertEquals(10 * Durations.MICROS_PER_MINUTE, j.rendezvousTimeout());
    assertEquals(List.of("python", "train.py", "--epochs", "3"), j.command());
    assertEquals("INFO", j.env().get("NCCL_DEBUG"));
    assertEquals(
        new WorkSpec.PerReplica(new Distribution.Fixed(Durations.MICROS_PER_HOUR)),
        j.work().orElseThrow());
  }

  @Test
  void readsJsonWithTheSameSchema() {
    JobSpec j =
        parse(
            "job.json",
            "{\"name\": \"x\", \"replicas\": {\"min\": 1}, \"strategy\": \"strict-spread\","
                + " \"reservation\": \"actors\", \"startTimeout\": \"5m\","
                + " \"work\": {\"total\": \"40h\", \"checkpointEvery\": \"30m\", \"checkpointCost\": \"1m\"}}");
    assertEquals(ReplicaBounds.exactly(1), j.replicas());
    assertEquals(PlacementStrategy.STRICT_SPREAD, j.strategy());
    assertEquals(Reservation.ACTORS, j.reservation());
    assertEquals(5 * Durations.MICROS_PER_MINUTE, j.startTimeout().getAsLong());
    var w = (WorkSpec.Checkpointed) j.work().orElseThrow();
    assertEquals(40 * Durations.MICROS_PER_HOUR, w.total());
    assertEquals(0, w.restartCost());
  }

  @Test
  void readsEveryDistributionForm() {
    String base = "name: d\nwork:\n  duration: ";
    assertEquals(
        new Distribution.Exponential(3_600_000_000L),
        dist(base + "{ distribution: exponential, mean: 1h }"));
    assertEquals(
        new Distribution.LogNormal(3_600_000_000L, 0.4), dist(base + "{ median: 1h, sigma: 0.4 }"));
    assertEquals(
        new Distribution.Weibull(0.7, 30 * Durations.MICROS_PER_DAY),
        dist(base + "{ distribution: weibull, shape: 0.7, scale: 30d }"));
    assertEquals(
        new Distribution.Uniform(600_000_000L, 3_600_000_000L),
        dist(base + "{ distribution: uniform, min: 10m, max: 1h }"));
  }

  private static Distribution dist(String yaml) {
    return ((WorkSpec.PerReplica) parse("d.yaml", yaml).work().orElseThrow()).duration();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown key | name: a\\nreplicaz: 3 | j.yaml:2:1: replicaz: unknown key 'replicaz'; allowed here:",
        "min above max | name: a\\nreplicas: { min: 4, max: 2 } | j.yaml:2:11: replicas: min (4) must not exceed max (2)",
        "min below one | name: a\\nreplicas: { min: 0 } | j.yaml:2:18: replicas.min: must be between 1 and 100000, got 0",
        "wrong type | name: a\\nmaxRestarts: lots | j.yaml:2:14: maxRestarts: expected a whole number",
        "fractional count | name: a\\nmaxRestarts: 1.5 | j.yaml:2:14: maxRestarts: must be a whole number between 0 and 1000000, got 1.5",
        "unknown strategy | name: a\\nstrategy: SCATTER | j.yaml:2:11: strategy: unknown value 'SCATTER'; allowed: PACK, SPREAD, STRICT_PACK, STRICT_SPREAD",
        "unknown reservation | name: a\\nreservation: pg | j.yaml:2:14: reservation: unknown value 'pg'; allowed: placement-group, actors",
        "negative resource | name: a\\nresources: { CPU: -1 } | j.yaml:2:19: resources.CPU: must be a number ≥ 0",
        "nan resource | name: a\\nresources: { CPU: .nan } | j.yaml:2:19: resources.CPU: numbers must be finite, got .nan",
        "empty resources | name: a\\nresources: { CPU: 0 } | j.yaml:2:12: resources: must request at least one resource",
        "bare number duration | name: a\\nrendezvousTimeout: 600 | j.yaml:2:20: rendezvousTimeout: expected a duration such as 250ms",
        "zero checkpoint interval | name: a\\nwork: { total: 1h, checkpointEvery: 0s } | j.yaml:2:37: work.checkpointEvery: must be a positive duration",
        "missing name | replicas: { min: 1 } | j.yaml:1:1: missing required key 'name'",
        "bad name | name: 'a b' | j.yaml:1:7: name: invalid name 'a b'",
        "command as string | name: a\\ncommand: python train.py | j.yaml:2:10: command: expected the command as a list",
        "duplicate key | name: a\\nname: b | j.yaml:2:1: name: key 'name' is given twice (first at line 1)",
        "overflowing number | name: a\\nmaxRestarts: 99999999999999999999999 | j.yaml:2:14: maxRestarts: must be between 0 and 1000000, got 99999999999999999999999 (too large)",
        "alias | name: &n a\\nenv: { X: *n } | j.yaml:2:11: env.X: YAML aliases (*name) are not supported",
        "not a mapping | - a\\n- b | j.yaml:1:1: expected a mapping of keys to values, got a list",
        "syntax | name: [a | j.yaml:1:9: syntax error:",
      })
  void reportsFileLineColumnFieldAndWhatIsAllowed(String what, String yaml, String expected) {
    String msg = error("j.yaml", yaml.replace("\\n", "\n"));
    assertTrue(msg.startsWith(expected), what + ": got «" + msg + "»");
  }

  @Test
  void emptyAndBinaryFilesAreRefusedPlainly() {
    assertEquals(
        "e.yaml:1:1: file is empty; expected a YAML or JSON mapping",
        error("e.yaml", "# nothing\n"));
    String bin =
        assertThrows(SpecException.class, () -> SpecReader.read("b.yaml", new byte[] {'a', 0, 1}))
            .getMessage();
    assertTrue(bin.startsWith("b.yaml:1:1: binary content"), bin);
    String utf =
        assertThrows(
                SpecException.class, () -> SpecReader.read("u.yaml", new byte[] {(byte) 0xff, 'a'}))
            .getMessage();
    assertTrue(utf.contains("not valid UTF-8"), utf);
  }

  @Test
  void jsonSyntaxErrorsCarryTheirPosition() {
    String msg = error("j.json", "{\"name\": \"a\",\n \"replicas\": }");
    assertTrue(msg.startsWith("j.json:2:14: replicas: syntax error: unexpected '}'"), msg);
    assertFalse(msg.contains("Source"), msg);
  }

  @Test
  void deepNestingIsBoundedByTheParserLimits() {
    String deep = "a: ".repeat(1) + "[".repeat(200) + "]".repeat(200);
    String msg = error("deep.yaml", deep);
    assertTrue(msg.startsWith("deep.yaml:"), msg);
  }

  @Test
  void rolesGiveReplicasTheirOwnShapeCommandAndEnv() {
    JobSpec j =
        JobSpecParser.parse(
            SpecReader.read(
                    "r.yaml",
                    ("""
                        name: app
                        command: [python, train.py]
                        resources: { CPU: 2, GPU: 1 }
                        env: { COMMON: '1' }
                        roles:
                          - { name: trainer, replicas: 2, env: { SHARD: x } }
                          - { name: reader, command: [python, read.py], resources: { CPU: 0.5 } }
                        """)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .asMap(),
            java.util.Set.of(),
            java.util.Optional.empty());
    assertEquals(3, j.replicas().max());
    assertEquals(3, j.replicas().min(), "the roles make one gang");
    assertEquals(dev.cohort.core.resources.Resources.of("CPU", 2, "GPU", 1), j.resourcesOf(1));
    assertEquals(dev.cohort.core.resources.Resources.of("CPU", 0.5), j.resourcesOf(2));
    assertEquals(java.util.List.of("python", "read.py"), j.commandOf(2));
    assertEquals(java.util.List.of("python", "train.py"), j.commandOf(0));
    assertEquals("x", j.envOf(1).get("SHARD"));
    assertEquals("1", j.envOf(2).get("COMMON"));
    assertEquals(null, j.envOf(2).get("SHARD"));
    assertEquals("reader", j.roleOf(2).name());
    assertFalse(j.uniform());
  }

  @Test
  void rolesMustAddUpToTheGang() {
    String msg =
        error(
            "r.yaml",
            "name: app\nreplicas: { min: 1, max: 4 }\nroles: [ { name: a, replicas: 2 } ]\n");
    assertTrue(msg.contains("max (4) must equal the roles' replicas in all (2)"), msg);
    String dup = error("r.yaml", "name: app\nroles: [ { name: a }, { name: a } ]\n");
    assertTrue(dup.contains("role 'a' is declared twice"), dup);
  }
}
