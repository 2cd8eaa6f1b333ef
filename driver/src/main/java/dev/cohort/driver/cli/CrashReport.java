package dev.cohort.driver.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What an operator sees when Cohort itself fails: exit 70 and one line on stderr, with the stack
 * trace and the facts a bug report needs in a file under {@code java.io.tmpdir}. Running out of
 * memory is told apart, because its cure is a larger heap, not a bug report.
 */
final class CrashReport {
  private CrashReport() {}

  /** Reports {@code t} from the command run with {@code args}; returns the exit code, 70. */
  static int report(Throwable t, List<String> args, PrintWriter err) {
    Throwable root = memoryError(t);
    Path file = write(t, args);
    String where = file == null ? "(no crash file could be written)" : "details in " + file;
    if (root != null) {
      err.println(
          String.format(
              Locale.ROOT,
              "cohort: out of memory (heap limit %d MiB); raise it with"
                  + " COHORT_JAVA_OPTS=-Xmx<size> (e.g. -Xmx16g) or use fewer --threads; %s",
              Runtime.getRuntime().maxMemory() >> 20,
              where));
    } else {
      err.println(
          "cohort: internal error (a bug in Cohort, please report it): "
              + Main.oneLine(describe(t))
              + "; "
              + where);
    }
    err.flush();
    return Main.INTERNAL;
  }

  /** The first {@link OutOfMemoryError} in the cause chain, or null. */
  static OutOfMemoryError memoryError(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof OutOfMemoryError oom) {
        return oom;
      }
    }
    return null;
  }

  private static String describe(Throwable t) {
    String name = t.getClass().getSimpleName();
    return t.getMessage() == null ? name : name + ": " + t.getMessage();
  }

  /** Writes the crash file; null when even that fails (a full disk, a read-only tmp). */
  private static Path write(Throwable t, List<String> args) {
    try {
      Path dir = Path.of(System.getProperty("java.io.tmpdir"));
      Path file = Files.createTempFile(dir, "cohort-crash-", ".txt");
      StringWriter sw = new StringWriter();
      try (PrintWriter w = new PrintWriter(sw)) {
        w.println("time: " + Instant.now());
        w.println("version: " + String.join(" / ", new Version().getVersion()));
        w.println("os: " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        w.println("args: " + String.join(" ", args));
        Runtime rt = Runtime.getRuntime();
        w.println(
            "heap: max "
                + (rt.maxMemory() >> 20)
                + " MiB, total "
                + (rt.totalMemory() >> 20)
                + " MiB, free "
                + (rt.freeMemory() >> 20)
                + " MiB; cores "
                + rt.availableProcessors());
        w.println();
        t.printStackTrace(w);
      }
      Files.writeString(file, sw.toString(), StandardCharsets.UTF_8);
      return file;
    } catch (IOException | RuntimeException | OutOfMemoryError e) {
      return null;
    }
  }
}
