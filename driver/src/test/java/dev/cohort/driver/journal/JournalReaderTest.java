package dev.cohort.driver.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A torn last line is dropped with a warning; any other damage names its line. */
class JournalReaderTest {
  @TempDir Path tmp;

  Path journal() throws Exception {
    Path f = tmp.resolve("j.jsonl");
    JournalRecord.Header h =
        new JournalRecord.Header(
            1,
            "run-1",
            new JournalRecord.Source("job", "job.yaml", "name: j\n"),
            "local",
            Map.of(),
            0);
    try (Journal j = Journal.create(f, h)) {
      j.write(new JournalRecord.Submitted(5, List.of()), true);
      j.step(new ClusterEvent.CancelRequested(9, "j"), List.<Command>of());
    }
    return f;
  }

  @Test
  void aWholeJournalReadsBack() throws Exception {
    JournalReader.Recorded r = JournalReader.read(journal());
    assertEquals("run-1", r.header().run());
    assertEquals(2, r.records().size());
    assertEquals(List.of(), r.warnings());
    assertEquals(Files.size(tmp.resolve("j.jsonl")), r.validBytes());
  }

  @Test
  void aTornLastLineIsDroppedWithAWarningAndCutOffOnResume() throws Exception {
    Path f = journal();
    long whole = Files.size(f);
    Files.writeString(f, "{\"type\":\"step\",\"ev", java.nio.file.StandardOpenOption.APPEND);
    JournalReader.Recorded r = JournalReader.read(f);
    assertEquals(2, r.records().size());
    assertEquals(1, r.warnings().size());
    assertTrue(
        r.warnings().get(0).startsWith(f + ":4: the last line is incomplete"),
        r.warnings()::toString);
    assertEquals(whole, r.validBytes());
    try (Journal j = Journal.reopen(f, r.validBytes())) {
      j.write(new JournalRecord.Resumed(20, 1), true);
    }
    JournalReader.Recorded again = JournalReader.read(f);
    assertEquals(3, again.records().size());
    assertEquals(List.of(), again.warnings());
  }

  @Test
  void damageElsewhereNamesTheLine() throws Exception {
    Path f = journal();
    List<String> lines = Files.readAllLines(f);
    lines.set(1, lines.get(1).replace("submitted", "submited"));
    Files.write(f, lines);
    JournalReader.Damaged d =
        assertThrows(JournalReader.Damaged.class, () -> JournalReader.read(f));
    assertEquals(f + ":2: unknown record type submited", d.getMessage());
  }

  @Test
  void aFileThatIsNoJournalIsRefusedAtLineOne() throws Exception {
    Path f = Files.writeString(tmp.resolve("x.jsonl"), "{\"type\":\"step\"}\n");
    JournalReader.Damaged d =
        assertThrows(JournalReader.Damaged.class, () -> JournalReader.read(f));
    assertTrue(d.getMessage().startsWith(f + ":1: "), d.getMessage());
  }
}
