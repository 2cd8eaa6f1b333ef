package dev.cohort.driver.journal;

import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.JobSpecParser;
import dev.cohort.core.spec.SpecReader;
import dev.cohort.driver.torchx.ActorsJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A job as the journal keeps it (the text it was given), and the job it is. */
public final class JobSource {
  private JobSource() {}

  /** The job and, for TorchX imports, the argv of replicas that differ from the job's. */
  public record Job(JobSpec spec, Map<Integer, List<String>> commandOverrides) {}

  /** Parses the journaled text exactly as the original run parsed the file. */
  public static Job parse(JournalRecord.Source s) {
    byte[] bytes = s.text().getBytes(StandardCharsets.UTF_8);
    String name = s.file() + " (as journaled)";
    if (s.kind().equals("actors-json")) {
      ActorsJson.Imported imp = ActorsJson.read(name, bytes);
      return new Job(imp.job(), imp.commandOverrides());
    }
    return new Job(
        JobSpecParser.parse(SpecReader.read(name, bytes).asMap(), Set.of(), Optional.empty()),
        Map.of());
  }
}
