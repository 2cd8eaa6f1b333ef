package dev.cohort.sim.scenario;

import dev.cohort.core.resources.Resources;
import java.util.SortedMap;

/** {@code count} identical nodes named {@code <name>-<i>}, registering at {@code joinAt}. */
public record NodeGroupSpec(
    String name, int count, Resources resources, SortedMap<String, String> labels, long joinAt) {

  /** Name of node {@code i} of this group. */
  public String nodeName(int i) {
    return name + "-" + i;
  }
}
