package dev.cohort.sim.scenario;

import dev.cohort.core.spec.Distribution;
import java.util.Optional;

/**
 * Random crashes: time between failures drawn from {@code mtbf}, repair time from {@code repair}.
 * Without {@code label} each node fails on its own; with it, all nodes sharing a value of that
 * label (e.g. a rack) fail together, one failure process per value. {@code name} is the cause the
 * report counts interruptions under (entries may share a name; their counts add up).
 */
public record RandomFailureSpec(
    String name, Distribution mtbf, Distribution repair, Optional<String> label) {

  /** The cause name of an entry that gives none. */
  public static final String DEFAULT_NAME = "random";

  /** An entry under the default cause name. */
  public RandomFailureSpec(Distribution mtbf, Distribution repair, Optional<String> label) {
    this(DEFAULT_NAME, mtbf, repair, label);
  }
}
