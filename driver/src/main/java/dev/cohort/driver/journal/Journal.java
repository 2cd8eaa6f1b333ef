package dev.cohort.driver.journal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends a run's records to its journal, one JSON line each. A record that starts or stops
 * something is forced to disk before the caller acts on it ({@link #write(JournalRecord, boolean)}
 * with {@code durable}); the others ride along with the next forced write. Thread-safe.
 */
public final class Journal implements AutoCloseable {
  private final Path file;
  private final FileChannel out;

  private Journal(Path file, FileChannel out) {
    this.file = file;
    this.out = out;
  }

  /**
   * Starts a new journal with its header.
   *
   * @throws FileAlreadyExistsException when {@code file} exists (a run's journal is never reused)
   */
  public static Journal create(Path file, JournalRecord.Header header) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    Journal j = new Journal(file, ch);
    j.write(header, true);
    return j;
  }

  /** Reopens an existing journal to continue it (a resume), after its last whole line. */
  public static Journal reopen(Path file, long validBytes) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    ch.truncate(validBytes); // a torn last line is dropped for good
    ch.position(validBytes);
    if (validBytes > 0) {
      ByteBuffer last = ByteBuffer.allocate(1);
      ch.read(last, validBytes - 1);
      if (last.get(0) != '\n') {
        ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
      }
    }
    return new Journal(file, ch);
  }

  /** The journal's path. */
  public Path file() {
    return file;
  }

  /** Appends {@code r}; with {@code durable} it is on disk when this returns. */
  public synchronized void write(JournalRecord r, boolean durable) {
    ObjectNode o = RecordCodec.encode(r);
    byte[] line = (o.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      ByteBuffer b = ByteBuffer.wrap(line);
      while (b.hasRemaining()) {
        out.write(b);
      }
      if (durable) {
        out.force(false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the journal " + file + ": " + e.getMessage(), e);
    }
  }

  /** Records a controller step; durable when it starts or stops anything. */
  public void step(ClusterEvent event, List<Command> commands) {
    write(new JournalRecord.Step(event, commands), !commands.isEmpty());
  }

  @Override
  public synchronized void close() {
    try {
      out.force(false);
      out.close();
    } catch (IOException e) {
      // closing after the run: what was forced is on disk
    }
  }
}
