package dev.cohort.driver.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cohort.driver.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** {@code cohort validate --json} of a file, for tests in this package. */
record CliRunnerAccess(JsonNode json) {
  static CliRunnerAccess validateJson(Path file) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new String[] {"validate", file.toString(), "--json"},
            new PrintWriter(out),
            new PrintWriter(err));
    if (code != 0) {
      throw new AssertionError("validate failed: " + err);
    }
    try {
      return new CliRunnerAccess(new ObjectMapper().readTree(out.toString()));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  JsonNode replica(int i) {
    return json.get("replicas").get(i);
  }
}
