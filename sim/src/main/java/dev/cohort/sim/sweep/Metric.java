package dev.cohort.sim.sweep;

import dev.cohort.sim.report.JobAggregate;
import dev.cohort.sim.report.Stats;
import dev.cohort.sim.report.Summary;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number read off a summary, written {@code STAT(QUANTITY)} or {@code STAT(JOB.QUANTITY)}: {@code
 * p90(wait)}, {@code mean(train.jct)}, {@code mean(ettr)}, {@code mean(success)}. Quantities:
 * {@code jct}, {@code wait} (seconds), {@code restarts}, {@code ettr} (0–1), {@code success} (the
 * share of jobs that succeeded); statistics: {@code mean}, {@code p50}, {@code p90}, {@code p99},
 * {@code max}. Without a job, the scenario must have exactly one declared job or arrivals entry.
 */
public record Metric(String stat, Optional<String> job, String quantity, String text) {
  private static final Pattern FORM =
      Pattern.compile("\\s*(mean|p50|p90|p99|max)\\s*\\(\\s*([^()\\s]+)\\s*\\)\\s*");
  private static final List<String> QUANTITIES =
      List.of("jct", "wait", "restarts", "ettr", "success", "availability");

  /**
   * Reads a metric.
   *
   * @throws IllegalArgumentException saying what is allowed
   */
  public static Metric parse(String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'"
              + text.strip()
              + "' is not a metric; write STAT(QUANTITY) or STAT(JOB.QUANTITY) with STAT one of"
              + " mean, p50, p90, p99, max and QUANTITY one of "
              + String.join(", ", QUANTITIES)
              + ", e.g. p90(wait) or mean(train.jct)");
    }
    String inside = m.group(2);
    int dot = inside.lastIndexOf('.');
    String quantity = dot < 0 ? inside : inside.substring(dot + 1);
    if (!QUANTITIES.contains(quantity)) {
      throw new IllegalArgumentException(
          "'"
              + quantity
              + "' in "
              + text.strip()
              + " is not a quantity; allowed: "
              + String.join(", ", QUANTITIES));
    }
    Optional<String> job = dot < 0 ? Optional.empty() : Optional.of(inside.substring(0, dot));
    return new Metric(m.group(1), job, quantity, m.group(1) + "(" + inside + ")");
  }

  /** Whether values are times in seconds (so targets are durations). */
  public boolean isTime() {
    return quantity.equals("jct") || quantity.equals("wait");
  }

  /**
   * The name of the job this metric reads among {@code names} (declared jobs and arrivals entries,
   * in order): its own, or the only one there is.
   *
   * @throws IllegalArgumentException naming the jobs there are
   */
  public String jobAmong(List<String> names) {
    if (job.isEmpty()) {
      if (names.size() != 1) {
        throw new IllegalArgumentException(
            text
                + " does not say which job; the scenario has "
                + names
                + ", so write e.g. "
                + stat
                + "("
                + names.get(0)
                + "."
                + quantity
                + ")");
      }
      return names.get(0);
    }
    if (!names.contains(job.get())) {
      throw new IllegalArgumentException(text + " names no job of the scenario; it has " + names);
    }
    return job.get();
  }

  /**
   * The aggregate this metric reads in {@code s}.
   *
   * @throws IllegalArgumentException naming the jobs there are
   */
  public JobAggregate aggregate(Summary s) {
    List<String> names = s.jobs().stream().map(JobAggregate::name).toList();
    return s.jobs().get(names.indexOf(jobAmong(names)));
  }

  /** The statistics of this metric's quantity (not for {@code success}). */
  private Stats stats(JobAggregate a) {
    return switch (quantity) {
      case "jct" -> a.jct();
      case "wait" -> a.waitTime();
      case "restarts" -> a.restarts();
      case "availability" -> a.availability();
      default -> a.ettr();
    };
  }

  /** The value in {@code s}; NaN when it is not defined (e.g. no job finished). */
  public double of(Summary s) {
    JobAggregate a = aggregate(s);
    if (quantity.equals("success")) {
      return a.total() == 0 ? Double.NaN : a.succeeded() / (double) a.total();
    }
    Stats st = stats(a);
    Double v =
        switch (stat) {
          case "mean" -> st.mean();
          case "p50" -> st.p50();
          case "p90" -> st.p90();
          case "p99" -> st.p99();
          default -> st.max();
        };
    return v == null ? Double.NaN : v;
  }

  /** The 95% confidence interval of the mean, when this metric is a mean with one. */
  public Optional<double[]> interval(Summary s) {
    if (!stat.equals("mean") || quantity.equals("success")) {
      return Optional.empty();
    }
    Stats st = stats(aggregate(s));
    return st.ci95Low() == null
        ? Optional.empty()
        : Optional.of(new double[] {st.ci95Low(), st.ci95High()});
  }

  /** A value of this metric for people: durations for times, percentages for shares. */
  public String format(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    if (isTime()) {
      return dev.cohort.sim.report.Human.duration(v);
    }
    if (quantity.equals("availability")) {
      return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
    if (quantity.equals("ettr") || quantity.equals("success")) {
      return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
