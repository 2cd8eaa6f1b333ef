package dev.cohort.sim.trace;

import dev.cohort.core.spec.Durations;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Cell values of traces: times in seconds or as ISO timestamps, run times, counts. Each parser
 * throws {@link IllegalArgumentException} with a message saying what is allowed.
 */
final class TraceValues {
  private TraceValues() {}

  /** {@code 2017-10-09 07:01:55}, {@code 2017-10-09T07:01:55.5Z}, {@code …+02:00}; UTC if none. */
  private static final DateTimeFormatter STAMP =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .toFormatter(Locale.ROOT);

  static final String STAMP_ALLOWED =
      "an ISO timestamp such as 2017-10-09 07:01:55 or 2017-10-09T07:01:55Z";

  /** True when the text reads as a plain number. */
  static boolean isNumber(String s) {
    return s.matches("[-+]?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?|[-+]?\\.[0-9]+([eE][-+]?[0-9]+)?");
  }

  /** A timestamp as µs since the epoch. */
  static long timestampMicros(String s) {
    TemporalAccessor t;
    try {
      t = STAMP.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("expected " + STAMP_ALLOWED + ", got '" + s + "'");
    }
    long epochSecond =
        t.isSupported(ChronoField.OFFSET_SECONDS)
            ? OffsetDateTime.from(t).toEpochSecond()
            : LocalDateTime.from(t).toEpochSecond(ZoneOffset.UTC);
    return Math.addExact(
        Math.multiplyExact(epochSecond, Durations.MICROS_PER_SECOND),
        t.getLong(ChronoField.NANO_OF_SECOND) / 1000);
  }

  /** Seconds (may be negative, as offsets of some traces are) as µs. */
  static long secondsMicros(String s, boolean allowNegative) {
    if (!isNumber(s)) {
      throw new IllegalArgumentException("expected a number of seconds, got '" + s + "'");
    }
    BigDecimal micros = new BigDecimal(s).multiply(BigDecimal.valueOf(Durations.MICROS_PER_SECOND));
    if (!allowNegative && micros.signum() < 0) {
      throw new IllegalArgumentException("must not be negative, got " + s);
    }
    if (micros.abs().compareTo(BigDecimal.valueOf(Durations.MAX_MICROS)) > 0) {
      throw new IllegalArgumentException(
          "'" + s + "' is too large; the maximum is " + Durations.MAX_MICROS / 1_000_000 + " s");
    }
    return micros.setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
  }

  /** Milliseconds (not negative) as µs. */
  static long millisMicros(String s) {
    if (!isNumber(s)) {
      throw new IllegalArgumentException("expected milliseconds, got '" + s + "'");
    }
    BigDecimal micros = new BigDecimal(s).multiply(BigDecimal.valueOf(Durations.MICROS_PER_MILLI));
    if (micros.signum() < 0) {
      throw new IllegalArgumentException("must not be negative, got " + s);
    }
    if (micros.compareTo(BigDecimal.valueOf(Durations.MAX_MICROS)) > 0) {
      throw new IllegalArgumentException("'" + s + "' is too large");
    }
    return micros.setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
  }

  /** A run time: seconds, or a duration with a unit. */
  static long runTimeMicros(String s) {
    if (isNumber(s)) {
      return secondsMicros(s, false);
    }
    try {
      return Durations.parseMicros(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "expected seconds (e.g. 3600 or 3600.5) or " + Durations.ALLOWED + ", got '" + s + "'");
    }
  }

  /** A whole count from 0 to {@code max}; {@code 8.0} reads as 8. */
  static int count(String s, int max) {
    if (isNumber(s)) {
      BigDecimal v = new BigDecimal(s);
      if (v.signum() >= 0
          && v.stripTrailingZeros().scale() <= 0
          && v.compareTo(BigDecimal.valueOf(max)) <= 0) {
        return v.intValueExact();
      }
    }
    throw new IllegalArgumentException(
        "expected a whole number from 0 to " + max + ", got '" + s + "'");
  }
}
