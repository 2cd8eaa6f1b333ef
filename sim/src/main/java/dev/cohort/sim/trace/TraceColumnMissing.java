package dev.cohort.sim.trace;

import java.util.List;

/**
 * A column the scenario names is not in the trace's header; the scenario parser reports it at the
 * key that named it.
 */
public final class TraceColumnMissing extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String key;

  TraceColumnMissing(String key, String column, List<String> header) {
    super(
        "no column '" + column + "' in the trace's header; it has: " + String.join(", ", header),
        null,
        false,
        false);
    this.key = key;
  }

  /** The columns key ({@code submit}, {@code duration} or {@code gpus}) that named it. */
  public String key() {
    return key;
  }
}
