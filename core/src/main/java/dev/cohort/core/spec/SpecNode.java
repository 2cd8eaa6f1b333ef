package dev.cohort.core.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
 *
 * <p>Nodes are small: a position (file, line, column) and a link to the parent with the key or
 * index under it; the location and the dotted path are made only when an error needs them. A 4 MiB
 * file makes about 1 KB of tree per job.
 */
public sealed interface SpecNode permits SpecNode.SpecMap, SpecNode.SpecList, SpecNode.SpecScalar {

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
    throw error(
        "unknown value '"
            + abbreviate(text)
            + "'; allowed: "
            + String.join(", ", choices.keySet()));
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

  /**
   * Where a node was written and where it hangs in the document. Set once while the document is
   * read; never changed after.
   */
  abstract class Position {
    final String file;
    final int line;
    final int column;
    final SpecNode parent;
    final String key;
    final int index;

    Position(String file, int line, int column, SpecNode parent, String key, int index) {
      this.file = file;
      this.line = line;
      this.column = column;
      this.parent = parent;
      this.key = key;
      this.index = index;
    }

    Position(Position at) {
      this(at.file, at.line, at.column, at.parent, at.key, at.index);
    }

    /** Where the node starts in the file. */
    public Location location() {
      return new Location(file, line, column);
    }

    /** Dotted path from the document root, made on demand. */
    public String path() {
      if (parent == null) {
        return "";
      }
      String p = parent.path();
      if (key != null) {
        return p.isEmpty() ? key : p + "." + key;
      }
      return p + "[" + index + "]";
    }
  }

  /** A mapping with its keys in file order. */
  final class SpecMap extends Position implements SpecNode {
    /** Above this many keys, lookups go through a hash index instead of a scan. */
    private static final int SCAN = 8;

    private String[] keys;
    private SpecNode[] values;

    /** Line and column of each key, packed as line &lt;&lt; 32 | column. */
    private long[] keyAt;

    private final boolean nullsAbsent;
    private java.util.HashMap<String, Integer> index;

    SpecMap(
        String file,
        int line,
        int column,
        SpecNode parent,
        String key,
        int idx,
        String[] keys,
        SpecNode[] values,
        long[] keyAt) {
      super(file, line, column, parent, key, idx);
      this.keys = keys;
      this.values = values;
      this.keyAt = keyAt;
      this.nullsAbsent = false;
    }

    /** Sets the entries of a mapping made before its children (the reader does this once). */
    void fill(String[] k, SpecNode[] v, long[] at) {
      this.keys = k;
      this.values = v;
      this.keyAt = at;
    }

    private SpecMap(
        Position at, String[] keys, SpecNode[] values, long[] keyAt, boolean nullsAbsent) {
      super(at);
      this.keys = keys;
      this.values = values;
      this.keyAt = keyAt;
      this.nullsAbsent = nullsAbsent;
    }

    @Override
    public String kind() {
      return "a mapping";
    }

    private int find(String k) {
      if (keys.length <= SCAN) {
        for (int i = 0; i < keys.length; i++) {
          if (keys[i].equals(k)) {
            return i;
          }
        }
        return -1;
      }
      if (index == null) {
        java.util.HashMap<String, Integer> m = new java.util.HashMap<>(keys.length * 2);
        for (int i = 0; i < keys.length; i++) {
          m.put(keys[i], i);
        }
        index = m;
      }
      Integer i = index.get(k);
      return i == null ? -1 : i;
    }

    /** Keys in file order. */
    public Set<String> keys() {
      return Collections.unmodifiableSet(new java.util.LinkedHashSet<>(List.of(keys)));
    }

    /** Number of keys. */
    public int size() {
      return keys.length;
    }

    /** Refuses any key not in {@code allowed}, naming the allowed keys. */
    public SpecMap allowOnly(Set<String> allowed) {
      for (int i = 0; i < keys.length; i++) {
        String k = keys[i];
        if (!allowed.contains(k)) {
          String p = path();
          throw new SpecException(
              keyLocation(i),
              (p.isEmpty() ? abbreviate(k) : p + "." + abbreviate(k))
                  + ": unknown key '"
                  + abbreviate(k)
                  + "'; allowed here: "
                  + String.join(", ", new TreeSet<>(allowed)));
        }
      }
      return this;
    }

    /** True when the key is present (even with a null value). */
    public boolean has(String key) {
      return find(key) >= 0;
    }

    /**
     * The value under key, if present. An explicit null is refused (leaving the key out is how a
     * default is asked for), unless this view {@linkplain #nullsAsAbsent treats nulls as absent}.
     */
    public Optional<SpecNode> get(String key) {
      int i = find(key);
      if (i < 0) {
        return Optional.empty();
      }
      SpecNode n = values[i];
      if (n instanceof SpecScalar s && s.value() == null) {
        if (nullsAbsent) {
          return Optional.empty();
        }
        throw n.error("is null; give a value, or leave the key out to get its default");
      }
      return Optional.of(n);
    }

    /** A view of this mapping in which a key with a null value counts as absent (TorchX files). */
    public SpecMap nullsAsAbsent() {
      return new SpecMap(this, keys, values, keyAt, true);
    }

    /** The value under key, or an error saying it is required. */
    public SpecNode require(String key, String what) {
      return get(key)
          .orElseThrow(
              () -> {
                String p = path();
                return new SpecException(
                    location(),
                    (p.isEmpty() ? "" : p + ": ")
                        + "missing required key '"
                        + key
                        + "' ("
                        + what
                        + ")");
              });
    }

    /** Applies {@code f} to the value under key, if present. */
    public <T> Optional<T> opt(String key, Function<SpecNode, T> f) {
      return get(key).map(f);
    }

    /** Location of a key (for errors about the key itself). */
    public Location keyLocation(String key) {
      int i = find(key);
      return i < 0 ? location() : keyLocation(i);
    }

    private Location keyLocation(int i) {
      return new Location(file, (int) (keyAt[i] >>> 32), (int) keyAt[i]);
    }

    /**
     * A copy in which every key of {@code override} replaces (or adds) the same key here; the
     * replacing values keep their own locations and paths, so errors point at the override.
     */
    public SpecMap overriddenBy(SpecMap override) {
      List<String> k = new ArrayList<>(List.of(keys));
      List<SpecNode> v = new ArrayList<>(List.of(values));
      List<Long> at = new ArrayList<>();
      for (long a : keyAt) {
        at.add(a);
      }
      for (int j = 0; j < override.keys.length; j++) {
        int i = k.indexOf(override.keys[j]);
        if (i >= 0) {
          v.set(i, override.values[j]);
          at.set(i, override.keyAt[j]);
        } else {
          k.add(override.keys[j]);
          v.add(override.values[j]);
          at.add(override.keyAt[j]);
        }
      }
      long[] ats = new long[at.size()];
      for (int i = 0; i < ats.length; i++) {
        ats[i] = at.get(i);
      }
      return new SpecMap(
          this, k.toArray(new String[0]), v.toArray(new SpecNode[0]), ats, nullsAbsent);
    }

    /** A copy with one key's value replaced (or added at the end). */
    public SpecMap with(String key, SpecNode value) {
      int i = find(key);
      if (i >= 0) {
        SpecNode[] v = values.clone();
        v[i] = value;
        return new SpecMap(this, keys, v, keyAt, nullsAbsent);
      }
      String[] k = Arrays.copyOf(keys, keys.length + 1);
      SpecNode[] v = Arrays.copyOf(values, values.length + 1);
      long[] at = Arrays.copyOf(keyAt, keyAt.length + 1);
      k[keys.length] = key;
      v[values.length] = value;
      at[keyAt.length] = ((long) line << 32) | column;
      return new SpecMap(this, k, v, at, nullsAbsent);
    }

    /** A copy without {@code key}. */
    public SpecMap without(String key) {
      int i = find(key);
      if (i < 0) {
        return this;
      }
      String[] k = new String[keys.length - 1];
      SpecNode[] v = new SpecNode[values.length - 1];
      long[] at = new long[keyAt.length - 1];
      for (int j = 0, o = 0; j < keys.length; j++) {
        if (j != i) {
          k[o] = keys[j];
          v[o] = values[j];
          at[o++] = keyAt[j];
        }
      }
      return new SpecMap(this, k, v, at, nullsAbsent);
    }
  }

  /** A list. */
  final class SpecList extends Position implements SpecNode {
    private List<SpecNode> items;

    SpecList(
        String file,
        int line,
        int column,
        SpecNode parent,
        String key,
        int idx,
        List<SpecNode> items) {
      super(file, line, column, parent, key, idx);
      this.items = items;
    }

    private SpecList(Position at, List<SpecNode> items) {
      super(at);
      this.items = items;
    }

    /** Sets the items of a list made before its children (the reader does this once). */
    void fill(List<SpecNode> i) {
      this.items = i;
    }

    /** The items, in file order. */
    public List<SpecNode> items() {
      return items;
    }

    /** A copy with other items, located where this list was written. */
    public SpecList withItems(List<SpecNode> replaced) {
      return new SpecList(this, List.copyOf(replaced));
    }

    @Override
    public String kind() {
      return "a list";
    }
  }

  /**
   * A scalar: value is a String, Long, BigInteger, Double, Boolean or null; raw is the text as
   * written.
   */
  final class SpecScalar extends Position implements SpecNode {
    private final Object value;
    private final String raw;

    SpecScalar(
        String file,
        int line,
        int column,
        SpecNode parent,
        String key,
        int idx,
        Object value,
        String raw) {
      super(file, line, column, parent, key, idx);
      this.value = value;
      this.raw = raw;
    }

    /** The value: String, Long, BigInteger, Double, Boolean or null. */
    public Object value() {
      return value;
    }

    /** The text as written. */
    public String raw() {
      return raw;
    }

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
      return "the number " + abbreviate(raw);
    }
  }

  /** Text for messages: at most 40 characters of it. */
  static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
