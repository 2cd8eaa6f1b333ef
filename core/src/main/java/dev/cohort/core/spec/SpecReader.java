package dev.cohort.core.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.cohort.core.spec.SpecNode.SpecList;
import dev.cohort.core.spec.SpecNode.SpecMap;
import dev.cohort.core.spec.SpecNode.SpecScalar;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;

/**
 * Reads a YAML or JSON file into a tree of {@link SpecNode}s that remember their location. The one
 * entry point for user files: it refuses empty and binary files, duplicate keys, YAML aliases (so
 * alias bombs cannot expand) and tags, and documents beyond fixed limits (size, depth, list length,
 * value length), always with a located {@link SpecException} in Cohort's words. Limits are checked
 * while reading; the cost is linear in the file size.
 */
public final class SpecReader {

  /** Largest accepted file. Scenario files are hand-written; 8 MiB is generous. */
  public static final int MAX_BYTES = 8 * 1024 * 1024;

  /** Deepest accepted nesting of mappings and lists. */
  public static final int MAX_DEPTH = 64;

  /** Most items in one list. */
  public static final int MAX_ITEMS = 1_000_000;

  /** Longest JSON string value (TorchX's actors.json holds a whole file in one). */
  public static final int MAX_JSON_STRING = 1 << 20;

  /**
   * Longest run of YAML text without a space or line break (a value longer than this is refused
   * before the YAML parser, whose cost grows with the square of such a run, sees it).
   */
  public static final int MAX_YAML_RUN = 1 << 16;

  private static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH + 1)
          .maxStringLength(MAX_JSON_STRING)
          .maxNumberLength(100)
          .maxDocumentLength(MAX_BYTES)
          .build();

  private static final JsonFactory JSON =
      JsonFactory.builder().streamReadConstraints(LIMITS).build();

  private SpecReader() {}

  /** Reads a file from disk; the name in errors is the path as given. */
  public static SpecNode read(Path file) {
    String name = file.toString();
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw new SpecException(
            Location.ofFile(name), "is a directory, expected a YAML or JSON file");
      }
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new SpecException(
            Location.ofFile(name),
            "file is " + size + " bytes; the limit is " + MAX_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new SpecException(Location.ofFile(name), "no such file");
    } catch (IOException e) {
      throw new SpecException(Location.ofFile(name), "cannot read file: " + e.getMessage());
    }
    return read(name, bytes);
  }

  /** Reads content; JSON when the name ends in {@code .json}, YAML otherwise. */
  /**
   * A value given outside the file (a sweep's {@code --set}), typed like a plain YAML value ({@code
   * 48} a number, {@code 30m} text, {@code 'x'} text) and placed as {@code key} of {@code map}: it
   * takes the location of the value it replaces (or of the map when the key is new), so checks
   * report the field's path. Only single values are allowed.
   */
  public static SpecNode replacement(SpecMap map, String key, String text, String origin) {
    SpecNode parsed;
    try {
      parsed = YamlTree.read(origin, text.isEmpty() ? "''" : text);
    } catch (SpecException e) {
      throw new SpecException(Location.ofFile(origin), "cannot read the value '" + text + "'");
    }
    if (!(parsed instanceof SpecScalar s)) {
      throw new SpecException(
          Location.ofFile(origin), "takes a single value, not a list or a mapping: " + text);
    }
    SpecNode.Position at =
        map.get(key).map(n -> (SpecNode.Position) n).orElse((SpecNode.Position) map);
    return new SpecScalar(at.file, at.line, at.column, map, key, -1, s.value(), s.raw());
  }

  /** An empty mapping standing where {@code at} stands (same location, parent and key). */
  public static SpecMap emptyMapAt(SpecNode at) {
    SpecNode.Position p = (SpecNode.Position) at;
    return new SpecMap(p.file, p.line, p.column, p.parent, p.key, p.index, NONE, NO_NODES, NO_POS);
  }

  public static SpecNode read(String name, byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new SpecException(
          Location.ofFile(name), "file is larger than the limit of " + MAX_BYTES + " bytes");
    }
    String text = decode(name, bytes);
    if (text.isBlank() || onlyComments(text)) {
      throw new SpecException(
          Location.ofFile(name), "file is empty; expected a YAML or JSON mapping");
    }
    boolean json = name.toLowerCase(Locale.ROOT).endsWith(".json");
    return json ? readJson(name, text) : YamlTree.read(name, text);
  }

  private static SpecNode readJson(String name, String text) {
    try (JsonParser p = JSON.createParser(text)) {
      try {
        JsonToken t = p.nextToken();
        if (t == null) {
          throw new SpecException(Location.ofFile(name), "file is empty; expected a mapping");
        }
        SpecNode root = new JsonTree(name, p).value(null, null, -1, 0);
        JsonToken after = p.nextToken();
        if (after != null) {
          throw new SpecException(
              loc(name, p.currentTokenLocation()),
              "unexpected content after the end of the document (only one document is allowed)");
        }
        return root;
      } catch (JsonProcessingException e) {
        JsonLocation l = e.getLocation();
        String path = jsonPath(p.getParsingContext());
        throw new SpecException(
            l == null ? Location.ofFile(name) : loc(name, l),
            (path.isEmpty() ? "" : path + ": ") + jsonProblem(e.getOriginalMessage()));
      }
    } catch (IOException e) {
      throw new SpecException(Location.ofFile(name), "cannot read: " + e.getMessage());
    }
  }

  /** The dotted path of where the JSON parser stopped, e.g. {@code jobs[0].seed}. */
  private static String jsonPath(com.fasterxml.jackson.core.JsonStreamContext c) {
    StringBuilder sb = new StringBuilder();
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    for (var x = c; x != null && !x.inRoot(); x = x.getParent()) {
      if (x.inObject() && x.getCurrentName() != null) {
        parts.push("." + x.getCurrentName());
      } else if (x.inArray() && x.getCurrentIndex() >= 0) {
        parts.push("[" + x.getCurrentIndex() + "]");
      }
    }
    for (String p : parts) {
      sb.append(p);
    }
    return sb.length() > 0 && sb.charAt(0) == '.' ? sb.substring(1) : sb.toString();
  }

  /** A JSON syntax problem in Cohort's words (no parser internals). */
  static String jsonProblem(String message) {
    String m = message == null ? "" : message;
    if (m.contains("NaN") || m.contains("Infinity") || m.contains("INF")) {
      return "numbers must be finite (NaN and Infinity are not JSON)";
    }
    if (m.startsWith("String value length")) {
      return "a text value is longer than " + MAX_JSON_STRING + " characters (the limit)";
    }
    if (m.startsWith("Number value length")) {
      return "a number has more than 100 digits (the limit)";
    }
    if (m.contains("nesting depth")) {
      return "nested more than " + MAX_DEPTH + " levels deep (the limit)";
    }
    if (m.startsWith("Unexpected end-of-input")) {
      return "syntax error: the file ends in the middle of a value (an unclosed '{', '[' or '\"')";
    }
    if (m.startsWith("Unexpected character")) {
      java.util.regex.Matcher c =
          java.util.regex.Pattern.compile("Unexpected character \\('(.{1,2})'").matcher(m);
      String ch = c.find() ? "'" + c.group(1) + "'" : "a character";
      return "syntax error: unexpected "
          + ch
          + " (JSON needs double-quoted keys and strings, and commas between items)";
    }
    if (m.startsWith("Unrecognized token")) {
      java.util.regex.Matcher c =
          java.util.regex.Pattern.compile("Unrecognized token '([^']{0,40})").matcher(m);
      return "syntax error: unknown word "
          + (c.find() ? "'" + c.group(1) + "'" : "")
          + " (text must be in double quotes; true, false and null are lower case)";
    }
    if (m.contains("Invalid UTF-8") || m.contains("Illegal character")) {
      return "syntax error: a character JSON does not allow here (control characters must be"
          + " escaped)";
    }
    if (m.contains("Leading zeroes")) {
      return "syntax error: numbers must not start with 0 (write 7, not 07)";
    }
    return "syntax error: not valid JSON here";
  }

  /** Builds the tree from Jackson's JSON tokens. */
  private static final class JsonTree {
    final String name;
    final JsonParser p;
    final Strings strings = new Strings();

    JsonTree(String name, JsonParser p) {
      this.name = name;
      this.p = p;
    }

    SpecNode value(SpecNode parent, String key, int index, int depth) throws IOException {
      JsonLocation l = p.currentTokenLocation();
      int line = Math.max(1, l.getLineNr());
      int col = Math.max(1, l.getColumnNr());
      JsonToken t = p.currentToken();
      switch (t) {
        case START_OBJECT -> {
          checkDepth(depth, line, col, parent, key, index);
          MapBuilder mb = new MapBuilder(name, line, col, parent, key, index);
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            JsonLocation kl = p.currentTokenLocation();
            p.nextToken();
            mb.put(k, Math.max(1, kl.getLineNr()), Math.max(1, kl.getColumnNr()), this, depth);
          }
          return mb.build();
        }
        case START_ARRAY -> {
          checkDepth(depth, line, col, parent, key, index);
          ListBuilder lb = new ListBuilder(name, line, col, parent, key, index);
          while (p.nextToken() != JsonToken.END_ARRAY) {
            lb.add(this, depth);
          }
          return lb.build();
        }
        case VALUE_STRING -> {
          String s = strings.of(p.getText());
          return new SpecScalar(name, line, col, parent, key, index, s, s);
        }
        case VALUE_NUMBER_INT -> {
          String raw = p.getText();
          Object v =
              p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                  ? p.getBigIntegerValue()
                  : (Object) p.getLongValue();
          return new SpecScalar(name, line, col, parent, key, index, v, raw);
        }
        case VALUE_NUMBER_FLOAT -> {
          return new SpecScalar(
              name, line, col, parent, key, index, p.getDoubleValue(), p.getText());
        }
        case VALUE_TRUE, VALUE_FALSE -> {
          return new SpecScalar(
              name, line, col, parent, key, index, t == JsonToken.VALUE_TRUE, p.getText());
        }
        case VALUE_NULL -> {
          return new SpecScalar(name, line, col, parent, key, index, null, "null");
        }
        default ->
            throw new SpecException(
                new Location(name, line, col), "unsupported content in a JSON document");
      }
    }
  }

  /**
   * Shares equal short strings (keys such as {@code name}, values such as {@code 1h}) within one
   * document, so a file of thousands of similar entries holds each once.
   */
  static final class Strings {
    /** A direct-mapped cache: bounded, no allocation; a collision only costs a duplicate. */
    private final String[] slots = new String[4096];

    String of(String s) {
      if (s.length() > 32) {
        return s;
      }
      int i = s.hashCode() & (slots.length - 1);
      String prev = slots[i];
      if (s.equals(prev)) {
        return prev;
      }
      slots[i] = s;
      return s;
    }
  }

  /** A mapping under construction: its node exists first, so children can name it as parent. */
  static final class MapBuilder {
    final String file;
    final List<String> keys = new ArrayList<>(8);
    final List<SpecNode> values = new ArrayList<>(8);
    long[] keyAt = new long[8];
    HashMap<String, Integer> seen;
    final SpecMap self;

    MapBuilder(String file, int line, int col, SpecNode parent, String key, int index) {
      this.file = file;
      // The node exists before its children (they name it as their parent); filled in build().
      this.self = new SpecMap(file, line, col, parent, key, index, NONE, NO_NODES, NO_POS);
    }

    void put(String k, int kLine, int kCol, JsonTree t, int depth) throws IOException {
      checkDuplicate(k, kLine, kCol);
      values.add(t.value(self, k, -1, depth + 1));
    }

    void checkDuplicate(String k, int kLine, int kCol) {
      int n = keys.size();
      boolean dup = false;
      int first = -1;
      if (n < 16) {
        for (int i = 0; i < n && !dup; i++) {
          if (keys.get(i).equals(k)) {
            dup = true;
            first = i;
          }
        }
      } else {
        if (seen == null) {
          seen = new HashMap<>();
          for (int i = 0; i < n; i++) {
            seen.put(keys.get(i), i);
          }
        }
        Integer f = seen.get(k);
        if (f != null) {
          dup = true;
          first = f;
        }
      }
      if (dup) {
        String p = self.path();
        throw new SpecException(
            new Location(file, kLine, kCol),
            (p.isEmpty() ? k : p + "." + k)
                + ": key '"
                + SpecNode.abbreviate(k)
                + "' is given twice (first at line "
                + (int) (keyAt[first] >>> 32)
                + ")");
      }
      if (seen != null) {
        seen.put(k, n);
      }
      keys.add(k);
      if (n == keyAt.length) {
        keyAt = java.util.Arrays.copyOf(keyAt, n * 2);
      }
      keyAt[n] = ((long) kLine << 32) | kCol;
    }

    SpecMap build() {
      self.fill(
          keys.toArray(NONE),
          values.toArray(NO_NODES),
          java.util.Arrays.copyOf(keyAt, keys.size()));
      return self;
    }
  }

  /** A list under construction. */
  static final class ListBuilder {
    final List<SpecNode> items = new ArrayList<>();
    final SpecList self;

    ListBuilder(String file, int line, int col, SpecNode parent, String key, int index) {
      this.self = new SpecList(file, line, col, parent, key, index, List.of());
    }

    void add(JsonTree t, int depth) throws IOException {
      checkCount();
      items.add(t.value(self, null, items.size(), depth + 1));
    }

    void checkCount() {
      if (items.size() >= MAX_ITEMS) {
        throw self.error("has more than " + MAX_ITEMS + " items (the limit)");
      }
    }

    SpecList build() {
      self.fill(List.copyOf(items));
      return self;
    }
  }

  private static final String[] NONE = new String[0];
  private static final SpecNode[] NO_NODES = new SpecNode[0];
  private static final long[] NO_POS = new long[0];

  static void checkDepth(int depth, int line, int col, SpecNode parent, String key, int index) {
    if (depth >= MAX_DEPTH) {
      SpecScalar here = new SpecScalar("", line, col, parent, key, index, null, "");
      String p = here.path();
      throw new SpecException(
          new Location(fileOf(parent), line, col),
          (p.isEmpty() ? "" : p + ": ") + "nested more than " + MAX_DEPTH + " levels deep");
    }
  }

  private static String fileOf(SpecNode n) {
    return n == null ? "" : n.location().file();
  }

  private static String decode(String name, byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        throw new SpecException(
            Location.ofFile(name),
            "binary content (a NUL byte at offset " + i + "); expected a UTF-8 YAML or JSON file");
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new SpecException(
          Location.ofFile(name), "not valid UTF-8 text; expected a YAML or JSON file");
    }
  }

  private static boolean onlyComments(String text) {
    int i = 0;
    int n = text.length();
    while (i < n) {
      int end = text.indexOf('\n', i);
      if (end < 0) {
        end = n;
      }
      String t = text.substring(i, end).trim();
      if (!t.isEmpty() && !t.startsWith("#") && !t.equals("---") && !t.equals("...")) {
        return false;
      }
      i = end + 1;
    }
    return true;
  }

  private static Location loc(String name, JsonLocation l) {
    return new Location(name, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
  }
}
