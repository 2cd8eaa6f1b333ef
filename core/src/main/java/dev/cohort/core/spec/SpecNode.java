package dev.cohort.core.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A node of a YAML or JSON document that remembers where it was written and its path from the root
 * (e.g. {@code jobs[1].replicas.min}). All field validation goes through these accessors, so every
 * error names file, line, column and field in the same words.
 */
public sealed interface SpecNode {

  /** Where the node starts in the file. */
  Location location();

  /** Dotted path from the document root, e.g. {@code cluster.nodeGroups[0].count}. */
  String path();

  /** A word for the kind of value, used in "expected X, got Y" messages. */
  String kind();

  /** An error located at this node and prefixed with its path. */
  default SpecException error(String problem) {
    String p = path().isEmpty() ? "" : path() + ": ";
    return new SpecException(location(), p + problem);
  }

  /** This node as a mapping, or an error saying a mapping was expected. */
  default SpecMap asMap() {
    if (this instanceof SpecMap m) {
      return m;
    }
    throw error("expected a mapping of keys to values, got " + kind());
  }

  /** This node as a list, or an error saying a list was expected. */
  default SpecList asList() {
    if (this instanceof SpecList l) {
      return l;
    }
    throw error("expected a list, got " + kind());
  }

  /** This node as a scalar, or an error naming {@code expected}. */
  default SpecScalar asScalar(String expected) {
    if (this instanceof SpecScalar s) {
      return s;
    }
    throw error("expected " + expected + ", got " + kind());
  }

  /** Text of a string scalar (numbers and booleans are refused). */
  default String asString(String expected) {
    SpecScalar s = asScalar(expected);
    if (s.value() instanceof String str) {
      return str;
    }
    throw error("expected " + expected + ", got " + s.kind());
  }

  /** Text of any scalar (numbers and booleans are accepted as their text). */
  default String asText(String expected) {
    SpecScalar s = asScalar(expected);
    if (s.value() == null) {
      throw error("expected " + expected + ", got null");
    }
    return s.raw();
  }

  /** A whole number between lo and hi inclusive. */
  default long asLong(long lo, long hi) {
    SpecScalar s = asScalar("a whole number");
    String range = rangeText(lo, hi);
    if (s.value() instanceof Long l) {
      if (l < lo || l > hi) {
        throw error("must be " + range + ", got " + l);
      }
      return l;
    }
    if (s.value() instanceof java.math.BigInteger) {
      throw error("must be " + range + ", got " + s.raw() + " (too large)");
    }
    if (s.value() instanceof Double d) {
      throw error("must be a whole number " + range + ", got " + s.raw());
    }
    throw error("expected a whole number " + range + ", got " + s.kind());
  }

  /** An int between lo and hi inclusive. */
  default int asInt(int lo, int hi) {
    return (int) asLong(lo, hi);
  }

  /** A finite number between lo and hi inclusive (whole numbers accepted). */
  default double asDouble(double lo, double hi, boolean loInclusive) {
    SpecScalar s = asScalar("a number");
    double d;
    if (s.value() instanceof Long l) {
      d = l;
    } else if (s.value() instanceof Double dd) {
      d = dd;
    } else if (s.value() instanceof java.math.BigInteger) {
      throw error("must be a number at most " + hi + ", got " + s.raw());
    } else {
      throw error("expected a number, got " + s.kind());
    }
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw error("must be a finite number, got " + s.raw());
    }
    boolean lowOk = loInclusive ? d >= lo : d > lo;
    if (!lowOk || d > hi) {
      throw error(
          "must be a number "
              + (loInclusive ? "≥ " : "> ")
              + fmt(lo)
              + " and ≤ "
              + fmt(hi)
              + ", got "
              + s.raw());
    }
    return d;
  }

  /** A boolean ({@code true} / {@code false}). */
  default boolean asBoolean() {
    SpecScalar s = asScalar("true or false");
    if (s.value() instanceof Boolean b) {
      return b;
    }
    throw error("expected true or false, got " + s.kind());
  }

  /** A duration such as {@code 30s}; zero allowed only when {@code allowZero}. */
  default long asDuration(boolean allowZero) {
    SpecScalar s = asScalar(Durations.ALLOWED);
    if (!(s.value() instanceof String str)) {
      if (s.value() instanceof Long || s.value() instanceof Double) {
        throw error("expected " + Durations.ALLOWED + ", got the bare number " + s.raw());
      }
      throw error("expected " + Durations.ALLOWED + ", got " + s.kind());
    }
    long micros;
    try {
      micros = Durations.parseMicros(str);
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
    if (!allowZero && micros == 0) {
      throw error("must be a positive duration, got " + str);
    }
    return micros;
  }

  /** One of the named values; case-insensitive, '-' and '_' interchangeable. */
  default <E> E asChoice(Map<String, E> choices) {
    String text = asString("one of " + String.join(", ", choices.keySet()));
    String norm = normalize(text);
    for (Map.Entry<String, E> e : choices.entrySet()) {
      if (normalize(e.getKey()).equals(norm)) {
        return e.getValue();
      }
    }
    throw error("unknown value '" + text + "'; allowed: " + String.join(", ", choices.keySet()));
  }

  private static String normalize(String s) {
    return s.toLowerCase(Locale.ROOT).replace('-', '_');
  }

  private static String rangeText(long lo, long hi) {
    if (hi == Long.MAX_VALUE || hi == Integer.MAX_VALUE) {
      return "≥ " + lo;
    }
    return "between " + lo + " and " + hi;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  /** A mapping with its keys in file order. */
  final class SpecMap implements SpecNode {
    private final Location location;
    private final String path;
    private final LinkedHashMap<String, SpecNode> entries;
    private final Map<String, Location> keyLocations;

    SpecMap(
        Location location,
        String path,
        LinkedHashMap<String, SpecNode> entries,
        Map<String, Location> keyLocations) {
      this.location = location;
      this.path = path;
      this.entries = entries;
      this.keyLocations = keyLocations;
    }

    @Override
    public Location location() {
      return location;
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public String kind() {
      return "a mapping";
    }

    /** Keys in file order. */
    public Set<String> keys() {
      return Collections.unmodifiableSet(entries.keySet());
    }

    /** Refuses any key not in {@code allowed}, naming the allowed keys. */
    public SpecMap allowOnly(Set<String> allowed) {
      for (String k : entries.keySet()) {
        if (!allowed.contains(k)) {
          String p = path.isEmpty() ? k : path + "." + k;
          throw new SpecException(
              keyLocations.get(k),
              p
                  + ": unknown key '"
                  + k
                  + "'; allowed here: "
                  + String.join(", ", new TreeSet<>(allowed)));
        }
      }
      return this;
    }

    /** True when the key is present (even with a null value). */
    public boolean has(String key) {
      return entries.containsKey(key);
    }

    /** The value under key, if present and not null. */
    public Optional<SpecNode> get(String key) {
      SpecNode n = entries.get(key);
      if (n instanceof SpecScalar s && s.value() == null) {
        return Optional.empty();
      }
      return Optional.ofNullable(n);
    }

    /** The value under key, or an error saying it is required. */
    public SpecNode require(String key, String what) {
      return get(key)
          .orElseThrow(
              () ->
                  new SpecException(
                      location,
                      (path.isEmpty() ? "" : path + ": ")
                          + "missing required key '"
                          + key
                          + "' ("
                          + what
                          + ")"));
    }

    /** Applies {@code f} to the value under key, if present. */
    public <T> Optional<T> opt(String key, Function<SpecNode, T> f) {
      return get(key).map(f);
    }

    /** Location of a key (for errors about the key itself). */
    public Location keyLocation(String key) {
      return keyLocations.getOrDefault(key, location);
    }

    /**
     * A copy in which every key of {@code override} replaces (or adds) the same key here; the
     * replacing values keep their own locations and paths, so errors point at the override.
     */
    public SpecMap overriddenBy(SpecMap override) {
      LinkedHashMap<String, SpecNode> e = new LinkedHashMap<>(entries);
      Map<String, Location> k = new java.util.HashMap<>(keyLocations);
      for (String key : override.keys()) {
        e.put(key, override.entries.get(key));
        k.put(key, override.keyLocation(key));
      }
      return new SpecMap(location, path, e, k);
    }

    /** A copy with one key's value replaced. */
    public SpecMap with(String key, SpecNode value) {
      LinkedHashMap<String, SpecNode> e = new LinkedHashMap<>(entries);
      e.put(key, value);
      return new SpecMap(location, path, e, keyLocations);
    }

    /** A copy without {@code key}. */
    public SpecMap without(String key) {
      LinkedHashMap<String, SpecNode> e = new LinkedHashMap<>(entries);
      e.remove(key);
      return new SpecMap(location, path, e, keyLocations);
    }
  }

  /** A list. */
  record SpecList(Location location, String path, List<SpecNode> items) implements SpecNode {
    @Override
    public String kind() {
      return "a list";
    }
  }

  /**
   * A scalar: value is a String, Long, BigInteger, Double, Boolean or null; raw is the text as
   * written.
   */
  record SpecScalar(Location location, String path, Object value, String raw) implements SpecNode {
    @Override
    public String kind() {
      if (value == null) {
        return "null";
      }
      if (value instanceof String) {
        return "the text '" + abbreviate(raw) + "'";
      }
      if (value instanceof Boolean) {
        return "the boolean " + raw;
      }
      return "the number " + raw;
    }

    private static String abbreviate(String s) {
      return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
  }
}
