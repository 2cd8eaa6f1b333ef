package dev.cohort.core.spec;

import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.SpecNode.SpecMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Field validators shared by job files and scenario files: names, resource maps and random
 * durations. Keeping them in one place keeps the error wording identical everywhere.
 */
public final class SpecFields {

  /** What a name may look like, as a regular expression. */
  public static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";

  private static final Pattern NAME = Pattern.compile(NAME_PATTERN);

  /** What a name may look like, for messages. */
  public static final String NAME_RULE =
      "1 to 100 characters: letters, digits, '.', '_' or '-', starting with a letter or digit";

  private SpecFields() {}

  /** A name for a job, node group or arrival stream. */
  public static String name(SpecNode n) {
    String s = n.asString("a name (" + NAME_RULE + ")");
    if (!NAME.matcher(s).matches()) {
      throw n.error("invalid name '" + SpecNode.abbreviate(s) + "'; a name is " + NAME_RULE);
    }
    return s;
  }

  /** A resource map such as {@code {CPU: 1, GPU: 0.5}}; must not be empty when required. */
  public static Resources resources(SpecNode n, boolean allowEmpty) {
    SpecMap m = n.asMap();
    TreeMap<String, Double> amounts = new TreeMap<>();
    for (String key : m.keys()) {
      SpecNode v = m.get(key).orElseThrow(() -> m.error("resource " + key + " has no amount"));
      double d = v.asDouble(0, Resources.MAX_AMOUNT, true);
      try {
        Resources.toUnits(key, d);
        Resources.of(key, 1);
      } catch (IllegalArgumentException e) {
        throw v.error(e.getMessage());
      }
      amounts.put(key, d);
    }
    Resources r = Resources.of(amounts);
    if (r.isEmpty() && !allowEmpty) {
      throw n.error("must request at least one resource with a positive amount, e.g. {CPU: 1}");
    }
    return r;
  }

  /** A string-to-string map (environment variables). */
  public static Map<String, String> stringMap(SpecNode n) {
    SpecMap m = n.asMap();
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : m.keys()) {
      SpecNode v = m.get(key).orElseThrow(() -> m.error("'" + key + "' has no value"));
      out.put(key, v.asText("a text value"));
    }
    return out;
  }

  /**
   * A random duration: a bare duration ({@code 1h} = fixed, or exponential when {@code
   * bareIsExponential}), or a mapping with {@code distribution} and its parameters.
   */
  public static Distribution distribution(SpecNode n, boolean bareIsExponential) {
    if (n instanceof SpecNode.SpecScalar) {
      long d = n.asDuration(false);
      return bareIsExponential ? new Distribution.Exponential(d) : new Distribution.Fixed(d);
    }
    SpecMap m = n.asMap();
    String kind;
    if (m.has("distribution")) {
      kind =
          m.require("distribution", "")
              .asChoice(
                  orderedMap(
                      "fixed",
                      "fixed",
                      "exponential",
                      "exponential",
                      "lognormal",
                      "lognormal",
                      "weibull",
                      "weibull",
                      "uniform",
                      "uniform"));
    } else if (m.has("median") || m.has("sigma")) {
      kind = "lognormal";
    } else if (m.has("mean")) {
      kind = "exponential";
    } else if (m.has("value")) {
      kind = "fixed";
    } else {
      throw m.error(
          "expected a duration or a mapping with 'distribution' (fixed, exponential, lognormal,"
              + " weibull, uniform) and its parameters");
    }
    switch (kind) {
      case "fixed" -> {
        m.allowOnly(java.util.Set.of("distribution", "value"));
        return new Distribution.Fixed(m.require("value", "the duration").asDuration(false));
      }
      case "exponential" -> {
        m.allowOnly(java.util.Set.of("distribution", "mean"));
        return new Distribution.Exponential(
            m.require("mean", "the mean duration").asDuration(false));
      }
      case "lognormal" -> {
        m.allowOnly(java.util.Set.of("distribution", "median", "sigma"));
        long median = m.require("median", "the median duration").asDuration(false);
        double sigma = m.require("sigma", "the log-scale spread, > 0").asDouble(0, 10, false);
        return new Distribution.LogNormal(median, sigma);
      }
      case "weibull" -> {
        m.allowOnly(java.util.Set.of("distribution", "shape", "scale"));
        double shape = m.require("shape", "the shape k, > 0").asDouble(0, 100, false);
        if (shape < 0.05) {
          throw m.require("shape", "")
              .error("must be ≥ 0.05 (smaller shapes overflow), got " + shape);
        }
        long scale = m.require("scale", "the scale duration").asDuration(false);
        return new Distribution.Weibull(shape, scale);
      }
      default -> {
        m.allowOnly(java.util.Set.of("distribution", "min", "max"));
        long min = m.require("min", "the shortest duration").asDuration(true);
        SpecNode maxNode = m.require("max", "the longest duration");
        long max = maxNode.asDuration(false);
        if (max < min) {
          throw maxNode.error("must not be shorter than min (" + Durations.format(min) + ")");
        }
        return new Distribution.Uniform(min, max);
      }
    }
  }

  /** An insertion-ordered map from alternating keys and values. */
  @SuppressWarnings("unchecked")
  public static <V> Map<String, V> orderedMap(Object... kv) {
    Map<String, V> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (V) kv[i + 1]);
    }
    return m;
  }
}
