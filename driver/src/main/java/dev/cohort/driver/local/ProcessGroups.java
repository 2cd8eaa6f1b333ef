package dev.cohort.driver.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starting a command in its own session (so it leads a process group) and signalling the whole
 * group. On Linux {@code setsid} makes the new session and execs the command in place, so the
 * process id is the group id; no shell is involved.
 */
public final class ProcessGroups {
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private ProcessGroups() {}

  /** True when commands can get a process group of their own. */
  public static boolean supported() {
    return Files.isExecutable(SETSID);
  }

  /** The argv that starts {@code command} in a new session. */
  public static List<String> wrap(List<String> command) {
    List<String> argv = new ArrayList<>();
    if (supported()) {
      argv.add(SETSID.toString());
    }
    argv.addAll(command);
    return argv;
  }

  /** Sends {@code signal} (e.g. TERM, KILL) to every process in group {@code pgid}. */
  public static void signal(long pgid, String signal) {
    if (!supported()) {
      ProcessHandle.of(pgid)
          .ifPresent(
              h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
              });
      return;
    }
    try {
      Process k =
          new ProcessBuilder("kill", "-s", signal, "--", "-" + pgid)
              .redirectErrorStream(true)
              .start();
      k.getInputStream().readAllBytes();
      k.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      // the group is already gone or kill is unavailable: nothing left to signal
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** True while any process of group {@code pgid} is alive (scans /proc). */
  public static boolean alive(long pgid) {
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) {
      return ProcessHandle.of(pgid).map(ProcessHandle::isAlive).orElse(false);
    }
    try (var dirs = Files.list(proc)) {
      for (Path d : dirs.toList()) {
        String name = d.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String stat = Files.readString(d.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          // fields after the command: state, ppid, pgrp, …
          if (Long.parseLong(f[2]) == pgid && !f[0].equals("Z")) {
            return true;
          }
        } catch (IOException | RuntimeException e) {
          // the process vanished while we looked
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  /** TERM, then KILL after {@code graceMillis} if anything of the group is still alive. */
  public static void terminate(long pgid, long graceMillis) {
    signal(pgid, "TERM");
    long deadline = System.nanoTime() + graceMillis * 1_000_000;
    while (alive(pgid) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (alive(pgid)) {
      signal(pgid, "KILL");
    }
  }
}
