package dev.cohort.core.resources;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable bag of named resource amounts (CPU, GPU, memory or any custom name) kept in Ray's
 * fixed point: every amount is a whole number of 1/10000 units, so arithmetic is exact and
 * comparisons never suffer from floating-point drift.
 *
 * <p>Names are kept sorted, which makes iteration order (and therefore every decision derived from
 * it) deterministic. Zero amounts are not stored: {@code {CPU: 0}} equals the empty bag.
 */
public final class Resources implements Comparable<Resources> {

  /** Fixed-point scale, identical to Ray's {@code RESOURCE_UNIT_SCALING}. */
  public static final long SCALE = 10_000L;

  /**
   * The largest amount accepted in user input (about 9.2e14 units), to keep sums far from overflow.
   */
  public static final double MAX_AMOUNT = 1e12;

  private static final String[] NO_NAMES = new String[0];
  private static final long[] NO_UNITS = new long[0];

  /** The empty bag. */
  public static final Resources NONE = new Resources(NO_NAMES, NO_UNITS);

  private final String[] names;
  private final long[] units;
  private final int hash;

  private Resources(String[] names, long[] units) {
    this.names = names;
    this.units = units;
    this.hash = 31 * Arrays.hashCode(names) + Arrays.hashCode(units);
  }

  /**
   * Builds a bag from human amounts (e.g. {@code CPU=1.5}). Amounts are truncated to 1/10000 as Ray
   * does.
   *
   * @throws IllegalArgumentException for a negative, NaN, infinite or too large amount, or an
   *     invalid name; the message says what is allowed
   */
  public static Resources of(Map<String, ? extends Number> amounts) {
    TreeMap<String, Long> sorted = new TreeMap<>();
    for (Map.Entry<String, ? extends Number> e : amounts.entrySet()) {
      String name = e.getKey();
      checkName(name);
      long u = toUnits(name, e.getValue().doubleValue());
      if (u != 0) {
        sorted.put(name, u);
      }
    }
    return fromSortedUnits(sorted);
  }

  /** A bag with a single resource. */
  public static Resources of(String name, double amount) {
    return of(Map.of(name, amount));
  }

  /** Two resources, a common case in tests and examples. */
  public static Resources of(String n1, double a1, String n2, double a2) {
    TreeMap<String, Double> m = new TreeMap<>();
    m.put(n1, a1);
    m.put(n2, a2);
    return of(m);
  }

  /** Builds a bag from fixed-point units directly (amount × 10000). */
  public static Resources ofUnits(SortedMap<String, Long> units) {
    for (Map.Entry<String, Long> e : units.entrySet()) {
      checkName(e.getKey());
      if (e.getValue() < 0) {
        throw new IllegalArgumentException(
            "resource " + e.getKey() + " must not be negative, got " + e.getValue() + " units");
      }
    }
    return fromSortedUnits(units);
  }

  /**
   * Parses {@code CPU=4,GPU=1,memory=16e9} as written on a command line.
   *
   * @throws IllegalArgumentException with a message naming the offending part
   */
  public static Resources parse(String text) {
    String trimmed = text.trim();
    if (trimmed.isEmpty()) {
      return NONE;
    }
    TreeMap<String, Double> m = new TreeMap<>();
    for (String part : trimmed.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0 || eq == part.length() - 1) {
        throw new IllegalArgumentException(
            "expected NAME=AMOUNT pairs separated by commas (e.g. CPU=4,GPU=1), got '"
                + part
                + "'");
      }
      String name = part.substring(0, eq).trim();
      String amount = part.substring(eq + 1).trim();
      double value;
      try {
        value = Double.parseDouble(amount);
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException(
            "resource " + name + " needs a number, got '" + amount + "'");
      }
      if (m.put(name, value) != null) {
        throw new IllegalArgumentException("resource " + name + " is given twice");
      }
    }
    return of(m);
  }

  /** Converts a human amount to fixed-point units, truncating like Ray's FixedPoint. */
  public static long toUnits(String name, double amount) {
    if (Double.isNaN(amount) || Double.isInfinite(amount)) {
      throw new IllegalArgumentException(
          "resource " + name + " must be a finite number, got " + amount);
    }
    if (amount < 0) {
      throw new IllegalArgumentException(
          "resource " + name + " must not be negative, got " + amount);
    }
    if (amount > MAX_AMOUNT) {
      throw new IllegalArgumentException(
          "resource " + name + " must be at most " + (long) MAX_AMOUNT + ", got " + amount);
    }
    if (amount > 0 && amount * SCALE < 1) {
      throw new IllegalArgumentException(
          "resource "
              + name
              + " must be 0 or at least 0.0001 (the finest amount Ray tracks), got "
              + amount);
    }
    return (long) (amount * SCALE);
  }

  private static void checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("resource names must not be empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '/';
      if (!ok || c > 127) {
        throw new IllegalArgumentException(
            "resource name '"
                + name
                + "' may only contain ASCII letters, digits, '_', '-', '.' and '/'");
      }
    }
    if (name.equals("bundle")) {
      throw new IllegalArgumentException("resource name 'bundle' is reserved by Ray");
    }
  }

  private static Resources fromSortedUnits(SortedMap<String, Long> sorted) {
    int n = 0;
    for (long v : sorted.values()) {
      if (v != 0) {
        n++;
      }
    }
    if (n == 0) {
      return NONE;
    }
    String[] ns = new String[n];
    long[] us = new long[n];
    int i = 0;
    for (Map.Entry<String, Long> e : sorted.entrySet()) {
      if (e.getValue() != 0) {
        ns[i] = e.getKey();
        us[i] = e.getValue();
        i++;
      }
    }
    return new Resources(ns, us);
  }

  /** Fixed-point units of {@code name}, 0 when absent. */
  public long units(String name) {
    int i = Arrays.binarySearch(names, name);
    return i >= 0 ? units[i] : 0L;
  }

  /** Human amount of {@code name} (units / 10000), 0 when absent. */
  public double amount(String name) {
    return units(name) / (double) SCALE;
  }

  /** Number of distinct resource names with a non-zero amount. */
  public int size() {
    return names.length;
  }

  /** The i-th resource name in sorted order. */
  public String name(int i) {
    return names[i];
  }

  /** Units of the i-th resource in sorted order. */
  public long unitsAt(int i) {
    return units[i];
  }

  /** True when nothing is held. */
  public boolean isEmpty() {
    return names.length == 0;
  }

  /** Sum of two bags. */
  public Resources plus(Resources other) {
    return merge(other, 1);
  }

  /**
   * Difference of two bags.
   *
   * @throws IllegalStateException if the result would be negative (a bookkeeping bug)
   */
  public Resources minus(Resources other) {
    return merge(other, -1);
  }

  /** Merge-join of two sorted bags; no maps, one pass. */
  private Resources merge(Resources other, int sign) {
    if (other.isEmpty()) {
      return this;
    }
    String[] ns = new String[names.length + other.names.length];
    long[] us = new long[ns.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < names.length || j < other.names.length) {
      int c;
      if (i == names.length) {
        c = 1;
      } else if (j == other.names.length) {
        c = -1;
      } else {
        c = names[i].compareTo(other.names[j]);
      }
      long v;
      String name;
      if (c < 0) {
        name = names[i];
        v = units[i++];
      } else if (c > 0) {
        name = other.names[j];
        v = sign > 0 ? other.units[j++] : -other.units[j++];
      } else {
        name = names[i];
        v = sign > 0 ? Math.addExact(units[i++], other.units[j++]) : units[i++] - other.units[j++];
      }
      if (v < 0) {
        throw new IllegalStateException(
            "resource " + name + " would go negative: " + this + " - " + other);
      }
      if (v != 0) {
        ns[k] = name;
        us[k++] = v;
      }
    }
    if (k == 0) {
      return NONE;
    }
    return new Resources(java.util.Arrays.copyOf(ns, k), java.util.Arrays.copyOf(us, k));
  }

  /** This bag multiplied by a whole factor (e.g. per-replica resources × replica count). */
  public Resources times(int factor) {
    if (factor < 0) {
      throw new IllegalArgumentException("factor must not be negative, got " + factor);
    }
    if (factor == 0) {
      return NONE;
    }
    long[] us = new long[units.length];
    for (int i = 0; i < us.length; i++) {
      us[i] = Math.multiplyExact(units[i], factor);
    }
    return new Resources(names, us);
  }

  /** True when every amount in {@code demand} is available in this bag (Ray's IsAvailable). */
  public boolean fits(Resources demand) {
    String[] dn = demand.names;
    long[] du = demand.units;
    int j = 0;
    for (int i = 0; i < dn.length; i++) {
      while (j < names.length && names[j].compareTo(dn[i]) < 0) {
        j++;
      }
      if (j == names.length || !names[j].equals(dn[i]) || units[j] < du[i]) {
        return false;
      }
    }
    return true;
  }

  /** A sorted, unmodifiable view as human amounts. */
  public SortedMap<String, Double> asMap() {
    TreeMap<String, Double> m = new TreeMap<>();
    for (int i = 0; i < names.length; i++) {
      m.put(names[i], units[i] / (double) SCALE);
    }
    return Collections.unmodifiableSortedMap(m);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Resources)) {
      return false;
    }
    Resources r = (Resources) o;
    return hash == r.hash && Arrays.equals(names, r.names) && Arrays.equals(units, r.units);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public int compareTo(Resources o) {
    int n = Math.min(names.length, o.names.length);
    for (int i = 0; i < n; i++) {
      int c = names[i].compareTo(o.names[i]);
      if (c != 0) {
        return c;
      }
      c = Long.compare(units[i], o.units[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(names.length, o.names.length);
  }

  /** Formats as {@code {CPU: 1, GPU: 0.5}}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(names[i]).append(": ").append(formatUnits(units[i]));
    }
    return sb.append('}').toString();
  }

  /** Formats fixed-point units as the shortest decimal. */
  public static String formatUnits(long u) {
    if (u % SCALE == 0) {
      return Long.toString(u / SCALE);
    }
    return java.math.BigDecimal.valueOf(u, 4).stripTrailingZeros().toPlainString();
  }
}
