package dev.cohort.sim.trace;

import dev.cohort.core.spec.Durations;
import dev.cohort.core.spec.Location;
import dev.cohort.core.spec.SpecException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a job trace CSV (a header row, then one job per row) as a {@link JobTraceSpec} says. Rows
 * may come in any order; the time origin is the first submission. A bad cell stops the read with
 * {@code FILE:LINE:COL: column: what is wrong}.
 */
public final class JobTraceReader {

  /** The most GPUs one job may ask for. */
  public static final int MAX_GPUS = 1_000_000;

  private JobTraceReader() {}

  /**
   * Reads {@code file} ({@code name} in errors).
   *
   * @throws TraceColumnMissing when a named column is not in the header
   */
  public static JobTrace read(JobTraceSpec spec, Path file, String name) {
    Rows rows = new Rows(spec, file, name);
    CsvTable.read(file, name, rows);
    if (rows.header == null) {
      throw new SpecException(Location.ofFile(name), "is empty; expected a header row and jobs");
    }
    return rows.finish();
  }

  /** Collects rows as they are read. */
  private static final class Rows implements CsvTable.RowHandler {
    final JobTraceSpec spec;
    final Path file;
    final String name;
    List<String> header;
    int submitCol = -1;
    int runCol = -1;
    int gpuCol = -1;
    int width;
    Boolean numericSubmit;
    long[] submit = new long[1024];
    long[] run = new long[1024];
    int[] gpus = new int[1024];
    int n;

    Rows(JobTraceSpec spec, Path file, String name) {
      this.spec = spec;
      this.file = file;
      this.name = name;
    }

    @Override
    public void row(int line, String[] cells) {
      if (header == null) {
        header = List.of(cells);
        submitCol = column("submit", spec.submitColumn());
        runCol = spec.durationColumn().map(c -> column("duration", c)).orElse(-1);
        gpuCol = spec.gpusColumn().map(c -> column("gpus", c)).orElse(-1);
        width = cells.length;
        return;
      }
      if (cells.length != width) {
        throw new SpecException(
            new Location(name, line, 1),
            "has " + cells.length + " cells; the header has " + width + " columns");
      }
      if (n == submit.length) {
        submit = Arrays.copyOf(submit, n * 2);
        run = Arrays.copyOf(run, n * 2);
        gpus = Arrays.copyOf(gpus, n * 2);
      }
      String s = cells[submitCol];
      if (numericSubmit == null) {
        numericSubmit = TraceValues.isNumber(s);
      }
      submit[n] = cell(line, submitCol, s, numericSubmit ? SECONDS : STAMP);
      run[n] = runCol < 0 ? -1 : cell(line, runCol, cells[runCol], RUN);
      gpus[n] = gpuCol < 0 ? -1 : (int) cell(line, gpuCol, cells[gpuCol], GPUS);
      n++;
    }

    private int column(String key, String column) {
      int i = header.indexOf(column);
      if (i < 0) {
        throw new TraceColumnMissing(key, column, header);
      }
      return i;
    }

    private long cell(int line, int col, String text, Parse p) {
      try {
        return p.parse(text);
      } catch (IllegalArgumentException | ArithmeticException e) {
        String msg =
            e instanceof ArithmeticException ? "'" + text + "' is out of range" : e.getMessage();
        throw new SpecException(new Location(name, line, col + 1), header.get(col) + ": " + msg);
      }
    }

    JobTrace finish() {
      long origin = Long.MAX_VALUE;
      for (int i = 0; i < n; i++) {
        origin = Math.min(origin, submit[i]);
      }
      long from = spec.windowFrom();
      long to = spec.windowTo().orElse(Long.MAX_VALUE);
      List<Integer> kept = new ArrayList<>();
      long[] offset = new long[n];
      for (int i = 0; i < n; i++) {
        offset[i] = submit[i] - origin;
        if (offset[i] >= from && offset[i] < to) {
          kept.add(i);
        }
      }
      // Stable: equal submission times keep their file order.
      kept.sort((a, b) -> Long.compare(offset[a], offset[b]));
      int size = (int) Math.min(kept.size(), spec.limit().orElse(Long.MAX_VALUE));
      long[] outSubmit = new long[size];
      long[] outRun = new long[size];
      int[] outGpus = new int[size];
      for (int k = 0; k < size; k++) {
        int i = kept.get(k);
        outSubmit[k] = scale(offset[i] - from, spec.timeScale());
        outRun[k] = run[i] < 0 ? -1 : scale(run[i], spec.durationScale());
        outGpus[k] = gpus[i];
      }
      return new JobTrace(spec, file, outSubmit, outRun, outGpus);
    }
  }

  private static long scale(long micros, double factor) {
    if (factor == 1.0) {
      return micros;
    }
    double v = Math.rint(micros * factor);
    return v >= Durations.MAX_MICROS ? Durations.MAX_MICROS : (long) v;
  }

  /** Parses one cell. */
  private interface Parse {
    long parse(String text);
  }

  private static final Parse SECONDS = s -> TraceValues.secondsMicros(s, true);
  private static final Parse STAMP = TraceValues::timestampMicros;
  private static final Parse RUN = TraceValues::runTimeMicros;
  private static final Parse GPUS = s -> TraceValues.count(s, MAX_GPUS);
}
