package dev.cohort.core.spec;

import dev.cohort.core.spec.SpecNode.SpecScalar;
import java.math.BigInteger;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Builds the {@link SpecNode} tree of a YAML document from SnakeYAML's events (the parser's lowest
 * level: no object construction, no tag resolution of its own). Plain scalars are typed here by
 * YAML 1.2's core schema: null, true/false, integers and floats; quoted scalars are text. Tags,
 * aliases, complex keys and a second document are refused with a located error.
 */
final class YamlTree {
  private static final Pattern NOT_FINITE = Pattern.compile("[-+]?\\.(inf|Inf|INF|nan|NaN|NAN)");

  /** The key written just before a value on its line, e.g. {@code name} in {@code - name: x}. */
  private static final Pattern KEY_BEFORE =
      Pattern.compile("([A-Za-z0-9_.\\-]{1,100})\\s*:\\s*[\"']?$");

  private final String name;
  private final ParserImpl parser;
  private final SpecReader.Strings strings = new SpecReader.Strings();

  private YamlTree(String name, ParserImpl parser) {
    this.name = name;
    this.parser = parser;
  }

  /** Reads one YAML document. */
  static SpecNode read(String name, String text) {
    refuseLongRuns(name, text);
    LoaderOptions lo = new LoaderOptions();
    lo.setMaxAliasesForCollections(0);
    lo.setCodePointLimit(SpecReader.MAX_BYTES + 1);
    lo.setProcessComments(false);
    try {
      YamlTree t = new YamlTree(name, new ParserImpl(new StreamReader(text), lo));
      return t.document();
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      Location at =
          m == null
              ? Location.ofFile(name)
              : new Location(name, m.getLine() + 1, m.getColumn() + 1);
      throw new SpecException(
          at,
          "syntax error: " + context(e.getContext(), e.getContextMark()) + problem(e.getProblem()));
    } catch (ReaderException e) {
      throw new SpecException(
          Location.ofFile(name),
          "contains a character YAML does not allow (code point "
              + e.getCodePoint()
              + " at character "
              + e.getPosition()
              + ")");
    } catch (YAMLException e) {
      throw new SpecException(Location.ofFile(name), "cannot read this YAML");
    }
  }

  /**
   * SnakeYAML's cost grows with the square of a run of text without spaces, so longer runs are
   * refused before it sees them (a hand-written value is never that long).
   */
  private static void refuseLongRuns(String name, String text) {
    int line = 1;
    int lineStart = 0;
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
        lineStart = i + 1;
        run = 0;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        run = 0;
      } else if (++run > SpecReader.MAX_YAML_RUN) {
        int col = i - run + 2 - lineStart;
        java.util.regex.Matcher k =
            KEY_BEFORE.matcher(text.substring(lineStart, Math.max(lineStart, i - run + 1)));
        throw new SpecException(
            new Location(name, line, Math.max(1, col)),
            (k.find() ? k.group(1) + ": " : "")
                + "a value of more than "
                + SpecReader.MAX_YAML_RUN
                + " characters without a space (the limit in YAML; machine-written data can be"
                + " given as .json)");
      }
    }
  }

  /** Where the construct with the problem began, in words ("" when not known). */
  private static String context(String c, Mark m) {
    if (c == null || m == null) {
      return "";
    }
    String what;
    if (c.contains("flow sequence")) {
      what = "in the [ ] list opened at";
    } else if (c.contains("flow mapping")) {
      what = "in the { } mapping opened at";
    } else if (c.contains("block mapping")) {
      what = "in the mapping that starts at";
    } else if (c.contains("block collection") || c.contains("block sequence")) {
      what = "in the list that starts at";
    } else if (c.contains("quoted scalar")) {
      what = "in the quoted text that starts at";
    } else if (c.contains("simple key")) {
      what = "in the key at";
    } else {
      what = "after";
    }
    return what + " line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1) + ": ";
  }

  /** SnakeYAML's description of a syntax problem, without its token names. */
  private static String problem(String p) {
    if (p == null) {
      return "not valid YAML here";
    }
    return p.replace("<block mapping start>", "a new mapping")
        .replace("<block sequence start>", "a new list")
        .replace("<block end>", "the end of the indented block")
        .replace("<flow mapping end>", "'}'")
        .replace("<flow sequence end>", "']'")
        .replace("<flow mapping start>", "'{'")
        .replace("<flow sequence start>", "'['")
        .replace("<block entry>", "'-'")
        .replace("<scalar>", "a value")
        .replace("<document start>", "'---'")
        .replace("<stream end>", "the end of the file")
        .replace("<key>", "a key")
        .replace("<value>", "':'")
        .replace("<alias>", "an alias")
        .replace("<anchor>", "an anchor")
        .replace("<tag>", "a tag")
        .replace("end of stream", "end of the file")
        .replace("'\\t(TAB)'", "a tab")
        .replace("\\t(TAB)", "tabs")
        .replace(
            "mapping values are not allowed here",
            "a ':' and a space inside a value (quote the value, or start a nested mapping on a new"
                + " line)")
        .strip();
  }

  private Event next() {
    return parser.getEvent();
  }

  private SpecNode document() {
    next(); // stream start
    Event e = next();
    if (e.is(Event.ID.StreamEnd)) {
      throw new SpecException(Location.ofFile(name), "file is empty; expected a mapping");
    }
    // e is the document start
    SpecNode root = node(next(), null, null, -1, 0);
    next(); // document end
    Event after = next();
    if (!after.is(Event.ID.StreamEnd)) {
      throw new SpecException(
          at(after.getStartMark()),
          "unexpected content after the end of the document (only one document is allowed)");
    }
    return root;
  }

  private Location at(Mark m) {
    return new Location(name, m.getLine() + 1, m.getColumn() + 1);
  }

  private SpecNode node(Event e, SpecNode parent, String key, int index, int depth) {
    Mark m = e.getStartMark();
    int line = m.getLine() + 1;
    int col = m.getColumn() + 1;
    if (e instanceof AliasEvent) {
      throw located(
          line,
          col,
          parent,
          key,
          index,
          "YAML aliases (*name) are not supported; write the value out in full");
    }
    if (e instanceof ScalarEvent s) {
      refuseTag(s.getTag(), line, col, parent, key, index);
      return scalar(s, line, col, parent, key, index);
    }
    if (e instanceof CollectionStartEvent c) {
      refuseTag(c.getImplicit() ? null : c.getTag(), line, col, parent, key, index);
      if (depth >= SpecReader.MAX_DEPTH) {
        throw located(
            line,
            col,
            parent,
            key,
            index,
            "nested more than " + SpecReader.MAX_DEPTH + " levels deep (the limit)");
      }
    }
    if (e instanceof MappingStartEvent) {
      SpecReader.MapBuilder mb = new SpecReader.MapBuilder(name, line, col, parent, key, index);
      while (true) {
        Event k = next();
        if (k.is(Event.ID.MappingEnd)) {
          return mb.build();
        }
        Mark km = k.getStartMark();
        if (!(k instanceof ScalarEvent ks)) {
          throw new SpecException(
              at(km), pathOf(mb.self) + "keys must be plain text, not a list or a mapping");
        }
        refuseTag(ks.getTag(), km.getLine() + 1, km.getColumn() + 1, mb.self, null, -1);
        String kname = strings.of(ks.getValue());
        mb.checkDuplicate(kname, km.getLine() + 1, km.getColumn() + 1);
        mb.values.add(node(next(), mb.self, kname, -1, depth + 1));
      }
    }
    if (e instanceof SequenceStartEvent) {
      SpecReader.ListBuilder lb = new SpecReader.ListBuilder(name, line, col, parent, key, index);
      List<SpecNode> items = lb.items;
      while (true) {
        Event item = next();
        if (item.is(Event.ID.SequenceEnd)) {
          return lb.build();
        }
        lb.checkCount();
        items.add(node(item, lb.self, null, items.size(), depth + 1));
      }
    }
    throw new SpecException(new Location(name, line, col), "unsupported YAML content");
  }

  private static String pathOf(SpecNode n) {
    String p = n.path();
    return p.isEmpty() ? "" : p + ": ";
  }

  private SpecException located(
      int line, int col, SpecNode parent, String key, int index, String problem) {
    SpecScalar here = new SpecScalar(name, line, col, parent, key, index, null, "");
    return here.error(problem);
  }

  private void refuseTag(String tag, int line, int col, SpecNode parent, String key, int index) {
    if (tag != null && !tag.equals("!")) {
      throw located(
          line,
          col,
          parent,
          key,
          index,
          "YAML tags such as "
              + SpecNode.abbreviate(
                  tag.startsWith("tag:yaml.org,2002:")
                      ? "!!" + tag.substring("tag:yaml.org,2002:".length())
                      : tag)
              + " are not supported; write the value plainly");
    }
  }

  private SpecScalar scalar(
      ScalarEvent s, int line, int col, SpecNode parent, String key, int index) {
    String v = strings.of(s.getValue());
    if (!s.isPlain()) {
      return new SpecScalar(name, line, col, parent, key, index, v, v);
    }
    Object typed;
    if (v.isEmpty() || v.equals("~") || v.equals("null") || v.equals("Null") || v.equals("NULL")) {
      typed = null;
    } else if (v.equals("true") || v.equals("True") || v.equals("TRUE")) {
      typed = Boolean.TRUE;
    } else if (v.equals("false") || v.equals("False") || v.equals("FALSE")) {
      typed = Boolean.FALSE;
    } else if (isInteger(v)) {
      BigInteger b = new BigInteger(v);
      typed = b.bitLength() < 64 ? (Object) b.longValue() : b;
    } else if (isFloat(v)) {
      typed = Double.parseDouble(v);
    } else if (v.length() <= 5 && NOT_FINITE.matcher(v).matches()) {
      SpecScalar here = new SpecScalar(name, line, col, parent, key, index, v, v);
      throw here.error("numbers must be finite, got " + v);
    } else {
      typed = v;
    }
    return new SpecScalar(name, line, col, parent, key, index, typed, v);
  }

  /** The core schema's integer: {@code [-+]?[0-9]+}. */
  static boolean isInteger(String v) {
    int i = v.charAt(0) == '-' || v.charAt(0) == '+' ? 1 : 0;
    int digits = digits(v, i);
    return digits > 0 && i + digits == v.length();
  }

  /** The core schema's float: {@code [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?}. */
  static boolean isFloat(String v) {
    int n = v.length();
    int i = v.charAt(0) == '-' || v.charAt(0) == '+' ? 1 : 0;
    int whole = digits(v, i);
    i += whole;
    if (i < n && v.charAt(i) == '.') {
      int fraction = digits(v, i + 1);
      if (whole == 0 && fraction == 0) {
        return false;
      }
      i += 1 + fraction;
    } else if (whole == 0) {
      return false;
    }
    if (i < n && (v.charAt(i) == 'e' || v.charAt(i) == 'E')) {
      i++;
      if (i < n && (v.charAt(i) == '-' || v.charAt(i) == '+')) {
        i++;
      }
      int exponent = digits(v, i);
      if (exponent == 0) {
        return false;
      }
      i += exponent;
    }
    return i == n;
  }

  private static int digits(String v, int from) {
    int i = from;
    while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
      i++;
    }
    return i - from;
  }
}
