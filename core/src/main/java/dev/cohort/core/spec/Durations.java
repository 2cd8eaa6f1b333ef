package dev.cohort.core.spec;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as users write them ({@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 3d},
 * also {@code 1.5h} and {@code 100us}), converted to integer microseconds of virtual or real time.
 */
public final class Durations {
  /** Microseconds per unit. */
  public static final long MICROS_PER_MILLI = 1_000L;

  public static final long MICROS_PER_SECOND = 1_000_000L;
  public static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
  public static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
  public static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

  /**
   * The longest accepted duration: 10⁹ hours (about 114,000 years), enough for the per-node MTBF of
   * a rare failure cause in a large fleet. It is 3.6·10¹⁸ µs, so the sum of two accepted times (a
   * time within the horizon plus a delay) still fits a long; longer sums saturate ({@link #plus}).
   */
  public static final long MAX_MICROS = 1_000_000_000L * MICROS_PER_HOUR;

  /** What the error messages say is allowed. */
  public static final String ALLOWED =
      "a duration such as 250ms, 30s, 5m, 2h or 3d (units: us, ms, s, m, h, d)";

  private static final Pattern FORMAT = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(us|ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException with a message saying what is allowed
   */
  public static long parseMicros(String text) {
    String t = text.trim();
    Matcher m = t.length() > 40 ? null : FORMAT.matcher(t);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          "expected "
              + ALLOWED
              + " (a number and a unit, no space), got '"
              + (text.length() > 40 ? text.substring(0, 40) + "…" : text)
              + "'");
    }
    BigDecimal value = new BigDecimal(m.group(1));
    long unit =
        switch (m.group(2)) {
          case "us" -> 1L;
          case "ms" -> MICROS_PER_MILLI;
          case "s" -> MICROS_PER_SECOND;
          case "m" -> MICROS_PER_MINUTE;
          case "h" -> MICROS_PER_HOUR;
          default -> MICROS_PER_DAY;
        };
    BigDecimal micros = value.multiply(BigDecimal.valueOf(unit));
    if (micros.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a whole number of microseconds (1us is the finest time)");
    }
    if (micros.compareTo(BigDecimal.valueOf(MAX_MICROS)) > 0) {
      throw new IllegalArgumentException(
          "duration '" + text + "' is too long; the maximum is 1000000000h");
    }
    return micros.longValue();
  }

  /** Formats microseconds in the largest unit that keeps it short, e.g. {@code 1h30m} → "90m". */
  public static String format(long micros) {
    if (micros == 0) {
      return "0s";
    }
    long[] units = {MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND, 1000, 1};
    String[] names = {"d", "h", "m", "s", "ms", "us"};
    for (int i = 0; i < units.length; i++) {
      if (micros % units[i] == 0) {
        return (micros / units[i]) + names[i];
      }
    }
    return micros + "us";
  }

  /** Microseconds as (fractional) seconds, the unit of every report. */
  public static double seconds(long micros) {
    return micros / (double) MICROS_PER_SECOND;
  }

  /** {@code a × n} for a non-negative time and count, saturating at {@link Long#MAX_VALUE}. */
  public static long times(long a, long n) {
    long hi = Math.multiplyHigh(a, n);
    long lo = a * n;
    return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
  }

  /**
   * {@code a + b} for non-negative times, saturating at {@link Long#MAX_VALUE} ("never") instead of
   * overflowing.
   */
  public static long plus(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}
