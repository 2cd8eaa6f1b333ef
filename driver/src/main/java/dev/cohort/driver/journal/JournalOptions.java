package dev.cohort.driver.journal;

import dev.cohort.core.resources.Resources;
import java.util.TreeMap;

/** How the journal header keeps resource vectors among its options: {@code CPU=10000,GPU=10000}. */
public final class JournalOptions {
  private JournalOptions() {}

  /** Exact fixed-point units, so nothing is rounded on the way back. */
  public static String units(Resources r) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < r.size(); i++) {
      s.append(i == 0 ? "" : ",").append(r.name(i)).append('=').append(r.unitsAt(i));
    }
    return s.toString();
  }

  /** The inverse of {@link #units(Resources)}. */
  public static Resources resources(String text) {
    TreeMap<String, Long> m = new TreeMap<>();
    if (!text.isEmpty()) {
      for (String part : text.split(",")) {
        int eq = part.indexOf('=');
        m.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
      }
    }
    return Resources.ofUnits(m);
  }
}
