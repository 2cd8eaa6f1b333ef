package dev.cohort.driver.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a run journal. A last line cut short (the driver died while writing it) is dropped with a
 * warning; damage anywhere else is a {@link Damaged} error naming the file and line.
 */
public final class JournalReader {
  private JournalReader() {}

  /** A journal that cannot be read: {@code FILE:LINE: what is wrong}. */
  public static final class Damaged extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Damaged(String message) {
      super(message);
    }
  }

  /**
   * What a journal holds.
   *
   * @param header its first line
   * @param records the lines after it, in order
   * @param validBytes how many bytes of the file are whole lines (where a resumed run continues)
   * @param warnings what was dropped, for the user
   */
  public record Recorded(
      JournalRecord.Header header,
      List<JournalRecord> records,
      long validBytes,
      List<String> warnings) {}

  public static Recorded read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new Damaged(file + ": no such journal");
    } catch (IOException e) {
      throw new Damaged(file + ": cannot read it: " + e.getMessage());
    }
    List<JournalRecord> records = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    JournalRecord.Header header = null;
    int start = 0;
    int line = 0;
    long valid = 0;
    while (start < bytes.length) {
      line++;
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      String text = new String(bytes, start, end - start, StandardCharsets.UTF_8);
      boolean whole = end < bytes.length; // ends with a newline
      JournalRecord r;
      try {
        JsonNode n = JournalCodec.JSON.readTree(text);
        if (n == null || !n.isObject()) {
          throw new IllegalArgumentException("expected a JSON object");
        }
        r = RecordCodec.decode(n);
      } catch (JsonProcessingException | IllegalArgumentException e) {
        if (!whole && line > 1) {
          warnings.add(
              file
                  + ":"
                  + line
                  + ": the last line is incomplete (the driver stopped while writing"
                  + " it); it is dropped");
          break;
        }
        throw new Damaged(file + ":" + line + ": " + reason(e));
      }
      // A whole record without its newline (cut just before it) is kept; a resumed run's
      // journal adds the newline before its first record.
      valid = whole ? end + 1 : end;
      if (line == 1) {
        if (!(r instanceof JournalRecord.Header h)) {
          throw new Damaged(file + ":1: a journal starts with its header line");
        }
        header = h;
      } else if (r instanceof JournalRecord.Header) {
        throw new Damaged(file + ":" + line + ": a second header");
      } else {
        records.add(r);
      }
      start = end + 1;
    }
    if (header == null) {
      throw new Damaged(file + ": empty journal");
    }
    return new Recorded(header, List.copyOf(records), valid, List.copyOf(warnings));
  }

  private static String reason(Exception e) {
    if (e instanceof JsonProcessingException j) {
      return "not a JSON line: " + j.getOriginalMessage();
    }
    return e.getMessage();
  }
}
