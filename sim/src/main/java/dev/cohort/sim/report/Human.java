package dev.cohort.sim.report;

import java.util.Locale;

/** Formatting for people: durations like {@code 1h35m}, counts with separators. */
public final class Human {
  private Human() {}

  /** Seconds as {@code 2d3h}, {@code 1h35m}, {@code 4m12s}, {@code 1.25s}; "-" for null. */
  public static String duration(Double seconds) {
    if (seconds == null) {
      return "-";
    }
    double s = seconds;
    if (s == 0) {
      return "0s";
    }
    if (s < 1) {
      return String.format(Locale.ROOT, "%.0fms", s * 1000);
    }
    if (s < 60) {
      return s == Math.rint(s)
          ? String.format(Locale.ROOT, "%.0fs", s)
          : String.format(Locale.ROOT, "%.1fs", s);
    }
    long t = Math.round(s);
    long d = t / 86400;
    long h = (t % 86400) / 3600;
    long m = (t % 3600) / 60;
    long sec = t % 60;
    if (d > 0) {
      return d + "d" + (h > 0 ? h + "h" : "");
    }
    if (h > 0) {
      return h + "h" + (m > 0 ? String.format(Locale.ROOT, "%02dm", m) : "");
    }
    return m + "m" + (sec > 0 ? String.format(Locale.ROOT, "%02ds", sec) : "");
  }

  /** A confidence interval as {@code lo – hi}, "-" when the sample was too small for one. */
  public static String interval(Stats s) {
    return s.ci95Low() == null ? "-" : duration(s.ci95Low()) + " – " + duration(s.ci95High());
  }

  /** A number with two decimals, "-" for null. */
  public static String number(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }

  /** A ratio from 0 to 1 as a percentage with one decimal, "-" for null. */
  public static String ratio(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  /** A count with thousands separators. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
