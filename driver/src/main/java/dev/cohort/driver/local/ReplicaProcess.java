package dev.cohort.driver.local;

import dev.cohort.core.port.ReplicaId;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * One replica attempt as a process on this host, started so that it does not need its driver: it
 * leads its own session (its whole tree can be signalled), its output goes straight to its log
 * file, and a small supervisor writes its exit status to a file when it ends. A driver that died
 * and came back can adopt it (same pid and start time) and still learn how it ended.
 *
 * <p>The supervisor is {@code bash} running a fixed script that takes the replica's argv as
 * positional parameters ({@code "$@"}), so the argv is never interpreted by a shell. It ignores
 * SIGTERM while the replica runs (the replica gets the signal and decides), then records the
 * replica's status.
 */
public final class ReplicaProcess {
  private static final String SUPERVISOR =
      "trap : TERM INT HUP; log=$1; status=$2; shift 2; "
          + "\"$@\" >\"$log\" 2>&1 </dev/null; code=$?; "
          + "printf '%s\\n' \"$code\" >\"$status.tmp\" && mv -f \"$status.tmp\" \"$status\"; "
          + "exit \"$code\"";

  final ReplicaId replica;
  final int attempt;
  final long pid;
  final long startTicks;
  final Path log;
  final Path statusFile;
  private final ProcessHandle handle;
  boolean injectedLoss;
  boolean stopping;

  private ReplicaProcess(
      ReplicaId replica,
      int attempt,
      ProcessHandle handle,
      long startTicks,
      Path log,
      Path statusFile) {
    this.replica = replica;
    this.attempt = attempt;
    this.handle = handle;
    this.pid = handle.pid();
    this.startTicks = startTicks;
    this.log = log;
    this.statusFile = statusFile;
  }

  /**
   * Starts {@code argv} with {@code env}, output to {@code log}, status to {@code statusFile}.
   *
   * @throws IOException when the supervisor cannot be started at all
   */
  static ReplicaProcess start(
      ReplicaId replica,
      int attempt,
      List<String> argv,
      Map<String, String> env,
      Path log,
      Path statusFile)
      throws IOException {
    Files.deleteIfExists(statusFile);
    List<String> cmd = new ArrayList<>();
    cmd.add("bash");
    cmd.add("-c");
    cmd.add(SUPERVISOR);
    cmd.add("cohort-replica");
    cmd.add(log.toString());
    cmd.add(statusFile.toString());
    cmd.addAll(argv);
    ProcessBuilder pb = new ProcessBuilder(ProcessGroups.wrap(cmd));
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    long ticks = ProcessIdentity.startTicks(p.pid()).orElse(-1);
    return new ReplicaProcess(replica, attempt, p.toHandle(), ticks, log, statusFile);
  }

  /** Takes over a process a previous driver started, if it is still that process. */
  static Optional<ReplicaProcess> adopt(
      ReplicaId replica, int attempt, long pid, long startTicks, Path log, Path statusFile) {
    if (!ProcessIdentity.same(pid, startTicks)) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .map(h -> new ReplicaProcess(replica, attempt, h, startTicks, log, statusFile));
  }

  /** Completes when the supervisor has exited. */
  CompletableFuture<ProcessHandle> onExit() {
    return handle.onExit();
  }

  /** The replica's exit status as its supervisor recorded it; empty if it never could. */
  OptionalInt status() {
    return status(statusFile);
  }

  /** The status recorded in {@code statusFile}, if any. */
  static OptionalInt status(Path statusFile) {
    try {
      return OptionalInt.of(Integer.parseInt(Files.readString(statusFile).trim()));
    } catch (IOException | NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /**
   * Copies the log to {@code console} with {@code prefix} as it grows, from byte {@code from},
   * until the process has ended and everything is copied. Runs on the calling thread.
   */
  void follow(PrintStream console, String prefix, long from) {
    long pos = from;
    StringBuilder partial = new StringBuilder();
    while (true) {
      boolean ended = !handle.isAlive();
      try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
        if (f.length() > pos) {
          f.seek(pos);
          byte[] b = new byte[(int) Math.min(f.length() - pos, 1 << 20)];
          f.readFully(b);
          pos += b.length;
          partial.append(new String(b, StandardCharsets.UTF_8));
          int nl;
          while ((nl = partial.indexOf("\n")) >= 0) {
            console.println(prefix + partial.substring(0, nl));
            partial.delete(0, nl + 1);
          }
          continue;
        }
      } catch (IOException e) {
        // not created yet, or rotated away: try again
      }
      if (ended) {
        if (partial.length() > 0) {
          console.println(prefix + partial);
        }
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Size of the log now (where an adopting driver starts following it). */
  long logSize() {
    try {
      return Files.size(log);
    } catch (IOException e) {
      return 0;
    }
  }
}
