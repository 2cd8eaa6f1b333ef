package dev.cohort.driver.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded mutation fuzzer over {@code examples/} and the bad-input corpus, run through {@code
 * cohort validate}: every mutant must give exit 0, or exit 2 with exactly one line {@code error:
 * FILE…} naming the file and nothing on stdout; never a stack trace or another code. A few seconds
 * by default; {@code -Dcohort.fuzz.iterations=N} runs longer and {@code -Dcohort.fuzz.seed=S} picks
 * another seed. A failing mutant is kept under {@code target/fuzz-failures/}.
 */
class FuzzTest {
  static final List<Path> SOURCES = List.of(Path.of("../examples"), BadInputTest.CORPUS);

  /** Tokens that have broken parsers before: YAML syntax, odd numbers, odd durations. */
  static final List<String> DICTIONARY =
      List.of(
          ":",
          ": ",
          "{",
          "}",
          "[",
          "]",
          ",",
          "-",
          "- ",
          "~",
          "null",
          "!!int ",
          "!!str ",
          "&a ",
          "*a",
          "<<: *a",
          "? ",
          "|",
          ">",
          "'",
          "\"",
          "#",
          "\t",
          "\n",
          "\n  ",
          "---\n",
          "...\n",
          "%YAML 1.1\n",
          "0",
          "-1",
          "1e309",
          "-0",
          "4.9e-324",
          ".nan",
          "NaN",
          "Infinity",
          "0x10",
          "1_000",
          "9223372036854775807",
          "9223372036854775808",
          "1 h",
          "0.0000001us",
          "1e400d",
          "30m",
          "1h",
          "99999999999d",
          "CPU",
          "GPU",
          "count",
          "replicas",
          "min",
          "max",
          "work",
          "jobs",
          "cluster",
          "nodeGroups",
          "variants",
          "arrivals",
          "horizon",
          "seed",
          "\u0000",
          "\uFEFF",
          "é",
          "💥",
          "\\u0000",
          "x".repeat(70_000));

  /** What must never reach a user: library classes and their message formats. */
  static final List<String> LEAKS =
      List.of(
          "Exception",
          "org.yaml",
          "snakeyaml",
          "com.fasterxml",
          "jackson",
          "[Source:",
          "StreamReadFeature",
          "Event",
          "Token",
          "java.",
          "\tat ");

  static final Pattern ONE_LOCATED_LINE = Pattern.compile("error: [^\\n]+\\n");

  @TempDir Path tmp;

  @Test
  void everyMutantIsAcceptedOrRefusedWithOneLocatedLine() throws IOException {
    long seed = Long.getLong("cohort.fuzz.seed", 20_261_126L);
    int iterations = Integer.getInteger("cohort.fuzz.iterations", 1_500);
    List<Path> seeds = new ArrayList<>();
    for (Path dir : SOURCES) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.sorted().toList()) {
          String n = f.getFileName().toString();
          if (n.endsWith(".yaml") || n.endsWith(".json")) {
            seeds.add(f);
          } else if (n.endsWith(".csv")) {
            Files.copy(f, tmp.resolve(n)); // traces the examples refer to, next to the mutants
          }
        }
      }
    }
    assertTrue(seeds.size() >= 25, "too few seed files: " + seeds);
    SplittableRandom random = new SplittableRandom(seed);
    List<String> failures = new ArrayList<>();
    int accepted = 0;
    for (int i = 0; i < iterations; i++) {
      Path source = seeds.get(random.nextInt(seeds.size()));
      String text = Files.readString(source, StandardCharsets.UTF_8);
      int rounds = 1 + random.nextInt(3);
      for (int k = 0; k < rounds; k++) {
        text = mutate(text, random);
      }
      String name = source.getFileName().toString();
      Path mutant = tmp.resolve(i + "-" + name);
      Files.write(mutant, text.getBytes(StandardCharsets.UTF_8)); // a split pair becomes ?
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          Main.execute(
              new String[] {"validate", mutant.toString()},
              new PrintWriter(out),
              new PrintWriter(err));
      String problem = verdict(code, out.toString(), err.toString(), mutant);
      if (problem == null) {
        accepted += code == 0 ? 1 : 0;
        Files.delete(mutant);
        continue;
      }
      Path kept = Path.of("target", "fuzz-failures", "seed-" + seed + "-" + i + "-" + name);
      Files.createDirectories(kept.getParent());
      Files.write(kept, text.getBytes(StandardCharsets.UTF_8));
      failures.add(kept.toAbsolutePath() + ": " + problem);
    }
    assertTrue(
        failures.isEmpty(),
        failures.size()
            + " of "
            + iterations
            + " mutants broke the contract, e.g.\n"
            + String.join("\n", failures.subList(0, Math.min(5, failures.size()))));
    assertTrue(accepted > 0 && accepted < iterations, "mutants should be both valid and not");
  }

  /** Null when the outcome honours the contract, else what is wrong. */
  private static String verdict(int code, String out, String err, Path file) {
    if (code == 0) {
      return err.isEmpty() ? null : "exit 0 with stderr: " + err;
    }
    if (code != 2) {
      return "exit " + code + ": " + abbreviate(err);
    }
    if (!out.isEmpty()) {
      return "exit 2 with stdout: " + abbreviate(out);
    }
    if (!ONE_LOCATED_LINE.matcher(err).matches()) {
      return "not one error line: " + abbreviate(err);
    }
    for (String leak : LEAKS) {
      if (err.contains(leak)) {
        return "library internals (" + leak + ") in: " + abbreviate(err);
      }
    }
    if (!err.startsWith("error: " + file)) {
      return "the error does not name the file first: " + abbreviate(err);
    }
    return null;
  }

  static String mutate(String text, SplittableRandom r) {
    if (text.isEmpty()) {
      return DICTIONARY.get(r.nextInt(DICTIONARY.size()));
    }
    int at = r.nextInt(text.length() + 1);
    int span = Math.min(text.length() - Math.min(at, text.length()), 1 + r.nextInt(16));
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    switch (r.nextInt(9)) {
      case 0 -> { // delete a span
        return text.substring(0, at) + text.substring(at + span);
      }
      case 1 -> { // insert a dictionary token
        return text.substring(0, at)
            + DICTIONARY.get(r.nextInt(DICTIONARY.size()))
            + text.substring(at);
      }
      case 2 -> { // replace a span by a token
        return text.substring(0, at)
            + DICTIONARY.get(r.nextInt(DICTIONARY.size()))
            + text.substring(at + span);
      }
      case 3 -> { // duplicate a line
        int l = r.nextInt(lines.size());
        lines.add(l, lines.get(l));
        return String.join("\n", lines);
      }
      case 4 -> { // swap two lines
        int a = r.nextInt(lines.size());
        int b = r.nextInt(lines.size());
        String t = lines.get(a);
        lines.set(a, lines.get(b));
        lines.set(b, t);
        return String.join("\n", lines);
      }
      case 5 -> { // re-indent a line
        int l = r.nextInt(lines.size());
        lines.set(l, " ".repeat(r.nextInt(6)) + lines.get(l).stripLeading());
        return String.join("\n", lines);
      }
      case 6 -> { // change a number
        java.util.regex.Matcher m = Pattern.compile("\\d+(\\.\\d+)?").matcher(text);
        List<int[]> found = new ArrayList<>();
        while (m.find()) {
          found.add(new int[] {m.start(), m.end()});
        }
        if (found.isEmpty()) {
          return text;
        }
        int[] f = found.get(r.nextInt(found.size()));
        String[] numbers = {"0", "1", "-1", "2", "1000000", "0.5", "1e9", "2147483648", "1e-9"};
        return text.substring(0, f[0]) + numbers[r.nextInt(numbers.length)] + text.substring(f[1]);
      }
      case 7 -> { // truncate
        return text.substring(0, at);
      }
      default -> { // flip one character
        if (at >= text.length()) {
          return text;
        }
        char c = (char) (32 + r.nextInt(95));
        return text.substring(0, at) + c + text.substring(at + 1);
      }
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 600 ? s : s.substring(0, 600) + "…";
  }
}
