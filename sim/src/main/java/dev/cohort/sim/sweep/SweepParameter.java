package dev.cohort.sim.sweep;

import dev.cohort.core.spec.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One swept key: its path in the scenario ({@code jobs.train.work.checkpointEvery}, list entries by
 * name) and its values as written ({@code 15m}, {@code 48}). Values come as a comma list or a range
 * {@code FROM..TO/STEP} of integers ({@code 48..80/8}) or durations ({@code 15m..2h/15m}).
 *
 * @param path dotted path of a scalar key
 * @param values the values in order, as text (typed like plain YAML values when applied)
 * @param origin where it was given, for messages ({@code --set …} or {@code FILE:LINE:COL})
 */
public record SweepParameter(String path, List<String> values, String origin) {
  /** Most values one parameter may take. */
  public static final int MAX_VALUES = 10_000;

  private static final Pattern INT_RANGE =
      Pattern.compile("(-?[0-9]{1,18})\\.\\.(-?[0-9]{1,18})(?:/([0-9]{1,18}))?");
  private static final Pattern RANGE = Pattern.compile("([^.]+)\\.\\.([^/]+)(?:/(.+))?");

  public SweepParameter {
    values = List.copyOf(values);
  }

  /**
   * Reads {@code PATH=V1,V2,…} or {@code PATH=FROM..TO/STEP} as given to {@code --set}.
   *
   * @throws IllegalArgumentException saying what is wrong, in the user's terms
   */
  public static SweepParameter parse(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException(
          "expected PATH=VALUES such as jobs.train.work.checkpointEvery=30m,1h or"
              + " cluster.nodeGroups.gpu.count=48..80/8, got '"
              + text
              + "'");
    }
    String path = text.substring(0, eq).strip();
    String origin = "--set " + path;
    return new SweepParameter(path, values(text.substring(eq + 1).strip(), origin), origin);
  }

  /**
   * The values of {@code spec}: a range, or a comma-separated list.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static List<String> values(String spec, String origin) {
    if (spec.isEmpty()) {
      throw new IllegalArgumentException(origin + ": no values given");
    }
    Matcher ints = INT_RANGE.matcher(spec);
    if (ints.matches()) {
      long from = Long.parseLong(ints.group(1));
      long to = Long.parseLong(ints.group(2));
      long step = ints.group(3) == null ? 1 : Long.parseLong(ints.group(3));
      List<String> out = new ArrayList<>();
      for (long v : steps(from, to, step, origin, spec)) {
        out.add(Long.toString(v));
      }
      return out;
    }
    Matcher r = RANGE.matcher(spec);
    if (r.matches() && !spec.contains(",")) {
      long from;
      long to;
      long step;
      try {
        from = Durations.parseMicros(r.group(1));
        to = Durations.parseMicros(r.group(2));
        step = r.group(3) == null ? -1 : Durations.parseMicros(r.group(3));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            origin
                + ": '"
                + spec
                + "' is not a range: use FROM..TO/STEP with integers (48..80/8) or durations"
                + " (15m..2h/15m)");
      }
      if (step < 0) {
        throw new IllegalArgumentException(
            origin + ": a range of durations needs a step, e.g. " + spec + "/15m");
      }
      List<String> out = new ArrayList<>();
      for (long v : steps(from, to, step, origin, spec)) {
        out.add(Durations.format(v));
      }
      return out;
    }
    return listed(List.of(spec.split(",", -1)), origin);
  }

  /**
   * Values given one by one.
   *
   * @throws IllegalArgumentException for an empty or repeated value, or too many
   */
  public static List<String> listed(List<String> given, String origin) {
    List<String> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String v : given) {
      String t = v.strip();
      if (t.isEmpty()) {
        throw new IllegalArgumentException(origin + ": an empty value");
      }
      if (!seen.add(t)) {
        throw new IllegalArgumentException(origin + ": the value " + t + " is given twice");
      }
      out.add(t);
    }
    if (out.size() > MAX_VALUES) {
      throw new IllegalArgumentException(
          origin + ": " + out.size() + " values; the limit is " + MAX_VALUES);
    }
    return out;
  }

  private static List<Long> steps(long from, long to, long step, String origin, String spec) {
    if (step <= 0) {
      throw new IllegalArgumentException(origin + ": the step of '" + spec + "' must be positive");
    }
    if (to < from) {
      throw new IllegalArgumentException(
          origin + ": the range '" + spec + "' is empty (FROM must not exceed TO)");
    }
    if ((to - from) / step + 1 > MAX_VALUES) {
      throw new IllegalArgumentException(
          origin + ": '" + spec + "' has more than " + MAX_VALUES + " values; use a larger step");
    }
    List<Long> out = new ArrayList<>();
    for (long v = from; v <= to; v += step) {
      out.add(v);
      if (v > Long.MAX_VALUE - step) {
        break;
      }
    }
    return out;
  }

  /** The value as a number for charts: integers and decimals as they are, durations in hours. */
  public static double numeric(String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      try {
        return Durations.parseMicros(value) / (double) Durations.MICROS_PER_HOUR;
      } catch (IllegalArgumentException notDuration) {
        return Double.NaN;
      }
    }
  }

  /** Whether every value is a number or a duration (so it can be an axis). */
  public boolean numeric() {
    return values.stream().noneMatch(v -> Double.isNaN(numeric(v)));
  }

  /** Whether every value is a duration. */
  public boolean durations() {
    for (String v : values) {
      try {
        Durations.parseMicros(v);
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return true;
  }
}
