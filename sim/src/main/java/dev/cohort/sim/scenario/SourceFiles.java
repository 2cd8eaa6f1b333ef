package dev.cohort.sim.scenario;

import dev.cohort.core.spec.SpecNode;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Files a scenario refers to (traces), resolved against the scenario's folder, and read once per
 * scenario file however many variants use them.
 */
final class SourceFiles {
  private final Path baseDir;
  private final Map<Object, Object> cache = new HashMap<>();

  SourceFiles(Path baseDir) {
    this.baseDir = baseDir;
  }

  /** The file named at {@code n}, which must exist. */
  Path resolve(SpecNode n) {
    String text = n.asText("a file path, relative to the scenario file");
    Path p;
    try {
      p = baseDir.resolve(text).normalize();
    } catch (InvalidPathException e) {
      throw n.error("'" + text + "' is not a valid path");
    }
    if (Files.isDirectory(p)) {
      throw n.error(display(p) + " is a directory; expected a file");
    }
    if (!Files.isRegularFile(p)) {
      throw n.error(
          "no such file: " + display(p) + " (paths are relative to the scenario's folder)");
    }
    return p;
  }

  /** How errors name a file. */
  String display(Path p) {
    return p.toString();
  }

  /** What {@code read} gives for {@code key}, read once. */
  @SuppressWarnings("unchecked")
  <T> T cached(Object key, Supplier<T> read) {
    Object v = cache.get(key);
    if (v == null) {
      v = read.get();
      cache.put(key, v);
    }
    return (T) v;
  }
}
