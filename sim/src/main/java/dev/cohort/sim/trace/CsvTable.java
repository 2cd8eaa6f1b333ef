package dev.cohort.sim.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.cohort.core.spec.Location;
import dev.cohort.core.spec.SpecException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CSV file row by row (Jackson's CSV parser: quoting and escapes as RFC 4180), calling back
 * with each row's 1-based line number and cells. Blank lines are skipped; cells are trimmed. Any
 * problem becomes a {@link SpecException} at {@code FILE:LINE}.
 */
public final class CsvTable {

  /** The most rows a trace may have, to keep a mistaken file from exhausting memory. */
  public static final int MAX_ROWS = 20_000_000;

  /** One row. */
  @FunctionalInterface
  public interface RowHandler {
    /** Row {@code cells} at {@code line}. */
    void row(int line, String[] cells);
  }

  private static final CsvFactory FACTORY =
      CsvFactory.builder()
          .enable(CsvParser.Feature.WRAP_AS_ARRAY)
          .enable(CsvParser.Feature.TRIM_SPACES)
          .build();

  private CsvTable() {}

  /** Reads {@code file}; {@code name} is how errors name it. */
  public static void read(Path file, String name, RowHandler handler) {
    if (Files.isDirectory(file)) {
      throw new SpecException(Location.ofFile(name), "is a directory, expected a CSV file");
    }
    try (Reader in =
        new java.io.InputStreamReader(
            Files.newInputStream(file),
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT))) {
      read(in, name, handler);
    } catch (NoSuchFileException e) {
      throw new SpecException(Location.ofFile(name), "no such file");
    } catch (CharacterCodingException e) {
      throw new SpecException(Location.ofFile(name), "not valid UTF-8 text; expected a CSV file");
    } catch (IOException e) {
      throw new SpecException(Location.ofFile(name), "cannot read file: " + e.getMessage());
    }
  }

  /** Reads CSV text from {@code in}. */
  public static void read(Reader in, String name, RowHandler handler) throws IOException {
    int rows = 0;
    int line = 1;
    try (CsvParser p = (CsvParser) FACTORY.createParser(in)) {
      List<String> cells = new ArrayList<>();
      JsonToken t;
      int depth = 0;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.START_ARRAY) {
          depth++; // the whole file is one array (depth 1), each row an array in it (depth 2)
          cells.clear();
        } else if (t == JsonToken.VALUE_STRING && depth == 2) {
          if (cells.isEmpty()) {
            line = p.currentTokenLocation().getLineNr(); // the row's own start is reported late
          }
          cells.add(p.getText());
        } else if (t == JsonToken.END_ARRAY && depth-- == 2) {
          if (++rows > MAX_ROWS) {
            throw new SpecException(
                new Location(name, line, 1), "more than " + MAX_ROWS + " rows; the limit");
          }
          if (!cells.isEmpty() && !(cells.size() == 1 && cells.get(0).isEmpty())) {
            handler.row(line, cells.toArray(new String[0]));
          }
          line = p.currentLocation().getLineNr(); // until the next row's first cell says
        }
      }
    } catch (JsonProcessingException e) {
      // Where the row being read began (an unclosed quote is only noticed at the end).
      throw new SpecException(
          new Location(name, line, 1),
          "not valid CSV here (an unclosed quote, or text after a closing quote)");
    }
  }
}
