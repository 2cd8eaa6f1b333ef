package dev.cohort.sim.sweep;

import dev.cohort.core.spec.Durations;
import dev.cohort.sim.report.Summary;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A goal on a metric, e.g. {@code p90(wait) < 1h}, {@code mean(ettr) >= 0.9} or {@code
 * mean(success) >= 99%}. Time metrics compare with a duration, shares with a fraction or a
 * percentage, restarts with a number.
 */
public record Target(Metric metric, String op, double bound, String text) {
  private static final Pattern FORM = Pattern.compile("(.+?)\\s*(<=|>=|<|>)\\s*(.+?)\\s*");

  /**
   * Reads a target.
   *
   * @throws IllegalArgumentException saying what is allowed
   */
  public static Target parse(String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'"
              + text.strip()
              + "' is not a target; write METRIC OP VALUE, e.g. 'p90(wait) < 1h' or"
              + " 'mean(ettr) >= 0.9' (OP one of <, <=, >, >=)");
    }
    Metric metric = Metric.parse(m.group(1));
    String value = m.group(3);
    double bound;
    try {
      if (metric.isTime()) {
        bound = Durations.seconds(Durations.parseMicros(value));
      } else if (value.endsWith("%")) {
        bound = Double.parseDouble(value.substring(0, value.length() - 1)) / 100;
      } else {
        bound = Double.parseDouble(value);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'"
              + value
              + "' in '"
              + text.strip()
              + "' is not a "
              + (metric.isTime()
                  ? "duration such as 45m or 2h"
                  : "number such as 0.9 or a percentage such as 90%"));
    }
    if (!Double.isFinite(bound)) {
      throw new IllegalArgumentException("the bound in '" + text.strip() + "' must be finite");
    }
    return new Target(metric, m.group(2), bound, text.strip());
  }

  /**
   * Whether {@code s} meets the target (an undefined metric never does). A completion-time target
   * also needs every job counted to have succeeded: a job that failed or did not finish by the
   * horizon has not completed, however early it stopped.
   */
  public boolean met(Summary s) {
    if (metric.quantity().equals("jct")) {
      var a = metric.aggregate(s);
      if (a.succeeded() < a.total()) {
        return false;
      }
    }
    return holds(metric.of(s));
  }

  /** Whether a value meets the target. */
  public boolean holds(double v) {
    if (Double.isNaN(v)) {
      return false;
    }
    return switch (op) {
      case "<" -> v < bound;
      case "<=" -> v <= bound;
      case ">" -> v > bound;
      default -> v >= bound;
    };
  }
}
