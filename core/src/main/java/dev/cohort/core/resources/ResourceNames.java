package dev.cohort.core.resources;

import java.util.Comparator;

/** Well-known resource names and Ray's order of importance when sorting bundles. */
public final class ResourceNames {
  public static final String CPU = "CPU";
  public static final String GPU = "GPU";
  public static final String MEMORY = "memory";
  public static final String OBJECT_STORE_MEMORY = "object_store_memory";

  private ResourceNames() {}

  /** True for any name other than the four predefined ones. */
  public static boolean isCustom(String name) {
    return !name.equals(CPU)
        && !name.equals(GPU)
        && !name.equals(MEMORY)
        && !name.equals(OBJECT_STORE_MEMORY);
  }

  /**
   * Ray's {@code SortRequiredResources}: bundles that are harder to place come first. Compares by
   * GPU (larger first), then by each custom resource in name order (larger first), then object
   * store memory, memory and CPU (larger first). Equal bundles compare as equal, so a stable sort
   * keeps their original order.
   */
  public static final Comparator<Resources> BUNDLE_ORDER =
      (a, b) -> {
        int c = Long.compare(b.units(GPU), a.units(GPU));
        if (c != 0) {
          return c;
        }
        // Custom resources, walked in name order across both bags.
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
          String na = nextCustom(a, i);
          String nb = nextCustom(b, j);
          if (na == null && nb == null) {
            break;
          }
          String name;
          if (nb == null || (na != null && na.compareTo(nb) <= 0)) {
            name = na;
          } else {
            name = nb;
          }
          c = Long.compare(b.units(name), a.units(name));
          if (c != 0) {
            return c;
          }
          i = skipPast(a, name);
          j = skipPast(b, name);
        }
        c = Long.compare(b.units(OBJECT_STORE_MEMORY), a.units(OBJECT_STORE_MEMORY));
        if (c != 0) {
          return c;
        }
        c = Long.compare(b.units(MEMORY), a.units(MEMORY));
        if (c != 0) {
          return c;
        }
        return Long.compare(b.units(CPU), a.units(CPU));
      };

  private static String nextCustom(Resources r, int from) {
    for (int k = from; k < r.size(); k++) {
      if (isCustom(r.name(k))) {
        return r.name(k);
      }
    }
    return null;
  }

  private static int skipPast(Resources r, String name) {
    int k = 0;
    while (k < r.size() && r.name(k).compareTo(name) <= 0) {
      k++;
    }
    return k;
  }
}
