package dev.cohort.sim.sweep;

import dev.cohort.core.spec.SpecException;
import dev.cohort.core.spec.SpecNode;
import dev.cohort.core.spec.SpecNode.SpecList;
import dev.cohort.core.spec.SpecNode.SpecMap;
import dev.cohort.core.spec.SpecNode.SpecScalar;
import dev.cohort.core.spec.SpecReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets one scalar of a scenario tree by a dotted path: mapping keys by name, list entries by their
 * {@code name} (or their index), e.g. {@code cluster.nodeGroups.gpu.count} or {@code
 * arrivals.train.job.work.checkpointEvery}. A key that is not written yet is added (and mappings on
 * the way are made), so defaults can be swept; whether the key is allowed there is for the scenario
 * checks to say. A path through something that does not exist names what does. An entry can also be
 * named by its index, {@code jobs.0.maxRestarts} or {@code jobs[0].maxRestarts}.
 */
public final class ScenarioPaths {
  private ScenarioPaths() {}

  /**
   * A copy of {@code root} with the value at {@code path} set to {@code text}.
   *
   * @throws IllegalArgumentException naming the path and what exists where it goes wrong
   */
  public static SpecMap set(SpecMap root, String given, String text, String origin) {
    String path = given.replaceAll("\\[([0-9]+)]", ".$1"); // jobs[0].x is jobs.0.x
    if (path.isEmpty() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
      throw new IllegalArgumentException(
          origin
              + ": '"
              + path
              + "' is not a path; use dotted keys such as jobs.train.maxRestarts");
    }
    return (SpecMap) set(root, List.of(path.split("\\.")), 0, path, text, origin);
  }

  private static SpecNode set(
      SpecNode node, List<String> segments, int at, String path, String text, String origin) {
    String done = String.join(".", segments.subList(0, at));
    if (node instanceof SpecMap map) {
      String key = segments.get(at);
      if (at == segments.size() - 1) {
        map.get(key).ifPresent(old -> requireScalar(old, path, origin));
        try {
          return map.with(key, SpecReader.replacement(map, key, text, origin));
        } catch (SpecException e) {
          throw new IllegalArgumentException(origin + ": " + e.problem());
        }
      }
      SpecNode child =
          map.has(key) ? map.get(key).get() : emptyMapUnder(map, key, path, done, origin);
      return map.with(key, set(child, segments, at + 1, path, text, origin));
    }
    if (node instanceof SpecList list) {
      // Entry names may contain dots: the longest run of segments that names an entry wins.
      for (int end = segments.size() - 1; end > at; end--) {
        String name = String.join(".", segments.subList(at, end));
        int i = entry(list, name);
        if (i >= 0) {
          List<SpecNode> items = new ArrayList<>(list.items());
          items.set(i, set(items.get(i), segments, end, path, text, origin));
          return list.withItems(items);
        }
      }
      throw new IllegalArgumentException(
          origin
              + ": "
              + (done.isEmpty() ? "the list" : "'" + done + "'")
              + " has no entry named '"
              + segments.get(at)
              + "'; its entries are "
              + names(list));
    }
    throw new IllegalArgumentException(
        origin
            + ": '"
            + done
            + "' is a single value ("
            + ((SpecScalar) node).raw()
            + "), so '"
            + path
            + "' goes nowhere");
  }

  private static SpecMap emptyMapUnder(
      SpecMap map, String key, String path, String done, String origin) {
    // A section that is not written (gcs, work, …): start it empty; the checks say if it may be.
    try {
      SpecNode probe = SpecReader.replacement(map, key, "x", origin);
      return SpecReader.emptyMapAt(probe);
    } catch (SpecException e) {
      throw new IllegalArgumentException(origin + ": cannot make '" + path + "' under " + done);
    }
  }

  private static void requireScalar(SpecNode old, String path, String origin) {
    if (!(old instanceof SpecScalar)) {
      throw new IllegalArgumentException(
          origin
              + ": '"
              + path
              + "' is "
              + old.kind()
              + "; a sweep sets single values, so name a key inside it");
    }
  }

  /** Index of the entry called {@code name} (or at index {@code name}), else −1. */
  private static int entry(SpecList list, String name) {
    List<SpecNode> items = list.items();
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) instanceof SpecMap m
          && m.has("name")
          && m.get("name").get() instanceof SpecScalar s
          && name.equals(String.valueOf(s.value()))) {
        return i;
      }
    }
    if (name.matches("0|[1-9][0-9]{0,8}") && Integer.parseInt(name) < items.size()) {
      return Integer.parseInt(name);
    }
    return -1;
  }

  private static String names(SpecList list) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.items().size(); i++) {
      SpecNode item = list.items().get(i);
      if (item instanceof SpecMap m
          && m.has("name")
          && m.get("name").get() instanceof SpecScalar s) {
        out.add(String.valueOf(s.value()));
      } else {
        out.add("[" + i + "]");
      }
    }
    return out.isEmpty() ? "(none)" : String.join(", ", out);
  }
}
