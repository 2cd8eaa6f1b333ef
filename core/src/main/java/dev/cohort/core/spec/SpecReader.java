package dev.cohort.core.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads a YAML or JSON file into a tree of {@link SpecNode}s that remember their location. The one
 * entry point for user files: it refuses empty and binary files, duplicate keys, YAML aliases (so
 * alias bombs cannot expand) and documents beyond fixed size and depth limits, always with a
 * located {@link SpecException}.
 */
public final class SpecReader {

  /** Largest accepted file. Scenario files are hand-written; 8 MiB is generous. */
  public static final int MAX_BYTES = 8 * 1024 * 1024;

  /** Deepest accepted nesting of mappings and lists. */
  public static final int MAX_DEPTH = 64;

  private static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxStringLength(1 << 20)
          .maxNumberLength(100)
          .maxDocumentLength(MAX_BYTES)
          .build();

  private static final JsonFactory JSON =
      JsonFactory.builder().streamReadConstraints(LIMITS).build();

  private static final YAMLFactory YAML = yamlFactory();

  private SpecReader() {}

  private static YAMLFactory yamlFactory() {
    LoaderOptions lo = new LoaderOptions();
    lo.setMaxAliasesForCollections(0);
    lo.setNestingDepthLimit(MAX_DEPTH);
    lo.setCodePointLimit(MAX_BYTES);
    return YAMLFactory.builder().loaderOptions(lo).streamReadConstraints(LIMITS).build();
  }

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
    boolean json = name.toLowerCase(java.util.Locale.ROOT).endsWith(".json");
    try (JsonParser p = json ? JSON.createParser(text) : YAML.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new SpecException(Location.ofFile(name), "file is empty; expected a mapping");
      }
      SpecNode root = readValue(name, p, "");
      JsonToken after = p.nextToken();
      if (after != null) {
        throw new SpecException(
            loc(name, p.currentTokenLocation()),
            "unexpected content after the end of the document (only one document is allowed)");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      String msg = firstLine(e.getOriginalMessage());
      java.util.regex.Matcher nan =
          java.util.regex.Pattern.compile("Malformed numeric value '([-+]?\\.(?i:nan|inf))'")
              .matcher(msg);
      java.util.regex.Matcher token =
          java.util.regex.Pattern.compile("Non-standard token '([-+]?(?:NaN|Infinity|INF))'")
              .matcher(msg);
      if (nan.find()) {
        msg = "numbers must be finite, got " + nan.group(1);
      } else if (token.find()) {
        msg = "numbers must be finite, got " + token.group(1);
      } else {
        msg = "syntax error: " + msg;
      }
      throw new SpecException(l == null ? Location.ofFile(name) : loc(name, l), msg);
    } catch (IOException e) {
      throw new SpecException(Location.ofFile(name), "cannot read: " + e.getMessage());
    } catch (RuntimeException e) {
      if (e instanceof SpecException se) {
        throw se;
      }
      // SnakeYAML reports limits (aliases, depth, code points) with its own exception types.
      throw new SpecException(
          Location.ofFile(name), "cannot parse: " + firstLine(String.valueOf(e.getMessage())));
    }
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
    for (String line : text.split("\n", -1)) {
      String t = line.trim();
      if (!t.isEmpty() && !t.startsWith("#") && !t.equals("---") && !t.equals("...")) {
        return false;
      }
    }
    return true;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable input";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.strip();
  }

  private static Location loc(String name, JsonLocation l) {
    return new Location(name, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
  }

  private static SpecNode readValue(String name, JsonParser p, String path) throws IOException {
    Location here = loc(name, p.currentTokenLocation());
    if (p instanceof YAMLParser yp && yp.isCurrentAlias()) {
      throw new SpecException(
          here,
          (path.isEmpty() ? "" : path + ": ")
              + "YAML aliases (*name) are not supported; write the value out in full");
    }
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        LinkedHashMap<String, SpecNode> entries = new LinkedHashMap<>();
        Map<String, Location> keys = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          Location keyLoc = loc(name, p.currentTokenLocation());
          String childPath = path.isEmpty() ? key : path + "." + key;
          if (entries.containsKey(key)) {
            throw new SpecException(
                keyLoc,
                childPath
                    + ": key '"
                    + key
                    + "' is given twice (first at line "
                    + keys.get(key).line()
                    + ")");
          }
          p.nextToken();
          entries.put(key, readValue(name, p, childPath));
          keys.put(key, keyLoc);
        }
        return new SpecMap(here, path, entries, keys);
      }
      case START_ARRAY -> {
        List<SpecNode> items = new ArrayList<>();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(readValue(name, p, path + "[" + i + "]"));
          i++;
        }
        return new SpecList(here, path, List.copyOf(items));
      }
      case VALUE_STRING -> {
        return new SpecScalar(here, path, p.getText(), p.getText());
      }
      case VALUE_NUMBER_INT -> {
        String raw = p.getText();
        Object v =
            p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                ? p.getBigIntegerValue()
                : (Object) p.getLongValue();
        return new SpecScalar(here, path, v, raw);
      }
      case VALUE_NUMBER_FLOAT -> {
        return new SpecScalar(here, path, p.getDoubleValue(), p.getText());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new SpecScalar(here, path, t == JsonToken.VALUE_TRUE, p.getText());
      }
      case VALUE_NULL -> {
        return new SpecScalar(here, path, null, "null");
      }
      default -> throw new SpecException(here, path + ": unsupported content " + t);
    }
  }
}
