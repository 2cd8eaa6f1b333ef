package dev.cohort.driver.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What identifies a process on this host across a driver's death: its pid together with its start
 * time in kernel ticks ({@code /proc/<pid>/stat}), so a pid the kernel reused for another program
 * is never mistaken for a replica; and the {@code COHORT_*} variables in its environment, by which
 * the replicas of a run are found again.
 */
public final class ProcessIdentity {
  private ProcessIdentity() {}

  /** A process group leader that belongs to a Cohort run. */
  public record Found(long pid, long startTicks, Map<String, String> cohortEnv) {}

  /** The process's start time in ticks since boot, if it is alive. */
  public static OptionalLong startTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      if (f[0].equals("Z")) {
        return OptionalLong.empty(); // a zombie has ended
      }
      return OptionalLong.of(Long.parseLong(f[19])); // field 22 of stat, counted after the name
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** True when {@code pid} is alive and is the process that started at {@code ticks}. */
  public static boolean same(long pid, long ticks) {
    OptionalLong t = startTicks(pid);
    return t.isPresent() && t.getAsLong() == ticks;
  }

  /** Group leaders whose environment has {@code COHORT_RUN=run}, with their COHORT_ variables. */
  public static List<Found> ofRun(String run) {
    List<Found> out = new ArrayList<>();
    try (var dirs = Files.list(Path.of("/proc"))) {
      for (Path d : dirs.toList()) {
        String name = d.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        long pid = Long.parseLong(name);
        Map<String, String> env = cohortEnv(pid);
        if (!run.equals(env.get("COHORT_RUN")) || !leader(pid)) {
          continue;
        }
        OptionalLong t = startTicks(pid);
        if (t.isPresent()) {
          out.add(new Found(pid, t.getAsLong(), env));
        }
      }
    } catch (IOException e) {
      // no /proc: nothing can be found
    }
    return out;
  }

  private static boolean leader(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[2]) == pid;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static Map<String, String> cohortEnv(long pid) {
    Map<String, String> m = new TreeMap<>();
    try {
      byte[] b = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
      for (String kv : new String(b, StandardCharsets.UTF_8).split("\0")) {
        if (kv.startsWith("COHORT_")) {
          int eq = kv.indexOf('=');
          if (eq > 0) {
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // not ours to read, or gone
    }
    return m;
  }
}
