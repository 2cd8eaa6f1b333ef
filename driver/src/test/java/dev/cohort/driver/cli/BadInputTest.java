package dev.cohort.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus of bad scenario files under test resources: each must give exit code 2 and exactly one
 * stderr line {@code error: FILE:LINE:COL: …} with the expected text, print nothing on stdout, and
 * leave no output directory behind.
 */
class BadInputTest {
  static final Path CORPUS = Path.of("src/test/resources/bad");

  @TempDir Path tmp;

  @TestFactory
  Stream<DynamicTest> everyCorpusFileIsRefusedWithOneLocatedLine() throws IOException {
    List<String> sidecar = Files.readAllLines(CORPUS.resolve("expected.txt"));
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> files = Files.list(CORPUS)) {
      for (Path f : files.sorted().toList()) {
        String n = f.getFileName().toString();
        if (!Files.isRegularFile(f) || !(n.endsWith(".yaml") || n.endsWith(".json"))) {
          continue; // expected.txt, and traces the scenarios refer to
        }
        String expected = expectation(f, sidecar);
        tests.add(DynamicTest.dynamicTest(f.getFileName().toString(), () -> refused(f, expected)));
      }
    }
    assertTrue(tests.size() >= 20, "corpus too small: " + tests.size());
    return tests.stream();
  }

  private static String expectation(Path f, List<String> sidecar) throws IOException {
    String first = Files.readAllLines(f).get(0);
    if (first.startsWith("# expect: ")) {
      return first.substring("# expect: ".length());
    }
    String name = f.getFileName().toString();
    return sidecar.stream()
        .filter(l -> l.startsWith(name + "|"))
        .map(l -> l.substring(name.length() + 1))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no expectation for " + name));
  }

  private void refused(Path f, String expected) {
    Path out = tmp.resolve("out-" + f.getFileName());
    CliRunner r = CliRunner.run("simulate", f.toString(), "--out", out.toString());
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out(), "nothing on stdout");
    List<String> lines = r.err().lines().toList();
    assertEquals(1, lines.size(), "exactly one line: " + r.err());
    String prefix = "error: " + f + ":" + expected;
    assertTrue(
        lines.get(0).startsWith(prefix),
        "expected «" + prefix + "»\n got     «" + lines.get(0) + "»");
    assertFalse(Files.exists(out), "no output directory left behind");
    CliRunner v = CliRunner.run("validate", f.toString());
    assertEquals(2, v.code());
    assertEquals(r.err(), v.err(), "validate reports the same line");
  }

  @Test
  void emptyAndBinaryFilesAndMissingFiles() throws IOException {
    Path empty = Files.writeString(tmp.resolve("empty.yaml"), "\n# just a comment\n");
    Path binary = Files.write(tmp.resolve("bin.yaml"), new byte[] {0x7f, 'E', 'L', 'F', 0, 1, 2});
    expectOne(
        CliRunner.run("simulate", empty.toString()),
        "error: " + empty + ":1:1: file is empty; expected a YAML or JSON mapping");
    expectOne(
        CliRunner.run("simulate", binary.toString()),
        "error: " + binary + ":1:1: binary content (a NUL byte at offset 4)");
    expectOne(CliRunner.run("simulate", "nope.yaml"), "error: nope.yaml:1:1: no such file");
    expectOne(CliRunner.run("simulate", tmp.toString()), "error: " + tmp + ":1:1: is a directory");
  }

  @Test
  void badOptionsAreOneLineToo() {
    expectOne(
        CliRunner.run("simulate"),
        "error: Missing required parameter: 'FILE' (see 'cohort simulate --help')");
    expectOne(
        CliRunner.run("simulate", "../examples/starvation.yaml", "--replications", "zero"),
        "error: Invalid value for option '--replications'");
    expectOne(
        CliRunner.run("simulate", "../examples/starvation.yaml", "--replications", "0"),
        "error: --replications must be between 1 and 10000000, got 0");
    expectOne(
        CliRunner.run("simulate", "../examples/starvation.yaml", "--threads", "0"),
        "error: --threads must be between 1 and 1024, got 0");
    expectOne(CliRunner.run("frobnicate"), "error: Unmatched argument at index 0: 'frobnicate'");
  }

  @Test
  void outPointingAtAFileIsRefusedBeforeAnythingRuns() throws IOException {
    Path file = Files.writeString(tmp.resolve("taken"), "x");
    CliRunner r =
        CliRunner.run("simulate", "../examples/starvation.yaml", "--out", file.toString());
    expectOne(r, "error: " + file + ": --out must name a directory");
    assertEquals("x", Files.readString(file));
  }

  @Test
  void aBadTraceCellIsNamedByFileLineAndColumn() throws IOException {
    Files.writeString(tmp.resolve("jobs.csv"), "submit,run,gpus\n0,60,1\n30,1h?,2\n");
    Files.writeString(tmp.resolve("spot.csv"), "0,add,a\n100,add,a\n");
    Path jobs =
        Files.writeString(
            tmp.resolve("jobs.yaml"),
            """
            cluster: { nodeGroups: [ { name: n, count: 1, resources: { CPU: 8, GPU: 8 } } ] }
            arrivals:
              - name: t
                trace: { file: jobs.csv, gpusPerReplica: 8,
                         columns: { submit: submit, duration: run, gpus: gpus } }
                job: { resources: { CPU: 1 } }
            """);
    Path out = tmp.resolve("out");
    expectOne(
        CliRunner.run("simulate", jobs.toString(), "--out", out.toString()),
        "error: " + tmp.resolve("jobs.csv") + ":3:2: run: expected seconds");
    assertFalse(Files.exists(out), "nothing written");
    Path spot =
        Files.writeString(
            tmp.resolve("spot.yaml"),
            """
            cluster: { availabilityTrace: { file: spot.csv, resources: { CPU: 1 } } }
            jobs: [ { name: a, work: { duration: 1h } } ]
            """);
    expectOne(
        CliRunner.run("validate", spot.toString()),
        "error: " + tmp.resolve("spot.csv") + ":2:3: node: a is added while it is already present");
  }

  private static void expectOne(CliRunner r, String prefix) {
    assertEquals(2, r.code(), r.err());
    List<String> lines = r.err().lines().toList();
    assertEquals(1, lines.size(), r.err());
    assertTrue(
        lines.get(0).startsWith(prefix),
        "expected «" + prefix + "»\n got     «" + lines.get(0) + "»");
  }
}
