package dev.cohort.sim.trace;

import dev.cohort.core.resources.Resources;
import java.nio.file.Path;
import java.util.SortedMap;

/**
 * Nodes that come and go as a recorded trace says (e.g. spot instances): at {@code at[i]} node
 * {@code node[i]} is added (it registers, as a new incarnation when it was there before) or removed
 * (it is lost, as in a crash). Events are sorted by time, ties in file order, and consistent (a
 * node is added only while absent and removed only while present). Every trace node has {@code
 * resources} and {@code labels}; {@code name} is its group name and the cause of removals in the
 * report.
 */
public record AvailabilityTrace(
    String name,
    Path file,
    Resources resources,
    SortedMap<String, String> labels,
    long[] at,
    boolean[] add,
    String[] node) {

  /** Default group and cause name. */
  public static final String DEFAULT_NAME = "availability";

  /** Number of events. */
  public int size() {
    return at.length;
  }

  /** The node of the first event (the first to register), or null for an empty trace. */
  public String firstNode() {
    return at.length == 0 ? null : node[0];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AvailabilityTrace t
        && name.equals(t.name)
        && file.toAbsolutePath().normalize().equals(t.file.toAbsolutePath().normalize())
        && resources.equals(t.resources)
        && labels.equals(t.labels)
        && java.util.Arrays.equals(at, t.at)
        && java.util.Arrays.equals(add, t.add)
        && java.util.Arrays.equals(node, t.node);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + java.util.Arrays.hashCode(at);
  }

  @Override
  public String toString() {
    return "AvailabilityTrace[" + name + ", " + file + ", " + at.length + " events]";
  }
}
