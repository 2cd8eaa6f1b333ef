package dev.cohort.sim.trace;

import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.Location;
import dev.cohort.core.spec.SpecException;
import dev.cohort.core.spec.SpecFields;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * Reads an availability trace in the {@code events} format: lines {@code time_ms,add|remove,node}
 * (as in Bamboo's spot traces), any order, an optional header row. Checks that, in time order, a
 * node is added only while absent and removed only while present.
 */
public final class AvailabilityTraceReader {
  private AvailabilityTraceReader() {}

  /** Reads {@code file} ({@code displayName} in errors). */
  public static AvailabilityTrace read(
      String traceName,
      Path file,
      String displayName,
      Resources resources,
      SortedMap<String, String> labels) {
    Events ev = new Events(displayName);
    CsvTable.read(file, displayName, ev);
    Integer[] order = new Integer[ev.n];
    for (int i = 0; i < ev.n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(ev.at[a], ev.at[b])); // stable: file order on ties
    long[] at = new long[ev.n];
    boolean[] add = new boolean[ev.n];
    String[] node = new String[ev.n];
    Set<String> present = new HashSet<>();
    for (int k = 0; k < ev.n; k++) {
      int i = order[k];
      at[k] = ev.at[i];
      add[k] = ev.add[i];
      node[k] = ev.node[i];
      if (add[k] ? !present.add(node[k]) : !present.remove(node[k])) {
        throw new SpecException(
            new Location(displayName, ev.line[i], 3),
            "node: "
                + node[k]
                + (add[k] ? " is added while it is already present" : " is removed while absent")
                + " (events are taken in time order)");
      }
    }
    return new AvailabilityTrace(traceName, Path.of(displayName), resources, labels, at, add, node);
  }

  /** Events in file order. */
  private static final class Events implements CsvTable.RowHandler {
    final String name;
    final Map<String, String> interned = new HashMap<>();
    long[] at = new long[256];
    boolean[] add = new boolean[256];
    String[] node = new String[256];
    int[] line = new int[256];
    int n;
    boolean first = true;

    Events(String name) {
      this.name = name;
    }

    @Override
    public void row(int ln, String[] cells) {
      boolean header = first && cells.length > 0 && !TraceValues.isNumber(cells[0]);
      first = false;
      if (header) {
        return;
      }
      if (cells.length != 3) {
        throw new SpecException(
            new Location(name, ln, 1),
            "expected 3 cells (time_ms,add|remove,node), got " + cells.length);
      }
      if (n == at.length) {
        at = Arrays.copyOf(at, n * 2);
        add = Arrays.copyOf(add, n * 2);
        node = Arrays.copyOf(node, n * 2);
        line = Arrays.copyOf(line, n * 2);
      }
      try {
        at[n] = TraceValues.millisMicros(cells[0]);
      } catch (IllegalArgumentException e) {
        throw new SpecException(new Location(name, ln, 1), "time_ms: " + e.getMessage());
      }
      String op = cells[1];
      if (!op.equals("add") && !op.equals("remove")) {
        throw new SpecException(
            new Location(name, ln, 2), "event: expected add or remove, got '" + op + "'");
      }
      add[n] = op.equals("add");
      String nd = cells[2];
      if (!nd.matches(SpecFields.NAME_PATTERN)) {
        throw new SpecException(
            new Location(name, ln, 3),
            "node: invalid node name '" + nd + "'; a name is " + SpecFields.NAME_RULE);
      }
      node[n] = interned.computeIfAbsent(nd, k -> k);
      line[n] = ln;
      n++;
    }
  }
}
