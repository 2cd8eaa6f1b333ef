package dev.cohort.driver.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a replica's program can be started on this host, checked before starting it, the way a
 * shell would look for it: a name with a slash is a path (relative to the driver's directory), a
 * bare name is looked up on the replica's {@code PATH}, and shell builtins are accepted. A problem
 * is an error in the job's environment, not a replica failure: the caller reports it as {@link
 * dev.cohort.core.port.ClusterEvent.LaunchRefused} so no restart is spent on it.
 */
public final class LaunchCheck {
  /** What {@code bash} runs without looking anything up ({@code compgen -b}, bash 5). */
  private static final Set<String> BUILTINS =
      Set.of(
          ".",
          ":",
          "[",
          "alias",
          "bg",
          "bind",
          "break",
          "builtin",
          "caller",
          "cd",
          "command",
          "compgen",
          "complete",
          "compopt",
          "continue",
          "declare",
          "dirs",
          "disown",
          "echo",
          "enable",
          "eval",
          "exec",
          "exit",
          "export",
          "false",
          "fc",
          "fg",
          "getopts",
          "hash",
          "help",
          "history",
          "jobs",
          "kill",
          "let",
          "local",
          "logout",
          "mapfile",
          "popd",
          "printf",
          "pushd",
          "pwd",
          "read",
          "readarray",
          "readonly",
          "return",
          "set",
          "shift",
          "shopt",
          "source",
          "suspend",
          "test",
          "times",
          "trap",
          "true",
          "type",
          "typeset",
          "ulimit",
          "umask",
          "unalias",
          "unset",
          "wait");

  private LaunchCheck() {}

  /**
   * What stops {@code argv} from starting with environment {@code env} (the replica's, falling back
   * to this process's {@code PATH}); empty when it can start.
   */
  public static Optional<String> problem(List<String> argv, Map<String, String> env) {
    if (argv.isEmpty() || argv.get(0).isEmpty()) {
      return Optional.of("the command is empty");
    }
    String program = argv.get(0);
    if (program.indexOf('/') >= 0) {
      return pathProblem(program);
    }
    if (BUILTINS.contains(program)) {
      return Optional.empty();
    }
    String path = env.getOrDefault("PATH", System.getenv().getOrDefault("PATH", ""));
    boolean sawNonExecutable = false;
    for (String dir : path.split(File.pathSeparator, -1)) {
      Path candidate;
      try {
        candidate = Path.of(dir.isEmpty() ? "." : dir, program);
      } catch (InvalidPathException e) {
        continue;
      }
      if (Files.isRegularFile(candidate)) {
        if (Files.isExecutable(candidate)) {
          return Optional.empty();
        }
        sawNonExecutable = true;
      }
    }
    return Optional.of(
        "'"
            + program
            + "' "
            + (sawNonExecutable ? "is on PATH but not executable" : "is not found on PATH")
            + " (PATH="
            + abbreviate(path)
            + ")");
  }

  private static Optional<String> pathProblem(String program) {
    Path p;
    try {
      p = Path.of(program);
    } catch (InvalidPathException e) {
      return Optional.of(program + ": not a valid path");
    }
    if (!Files.exists(p)) {
      Path parent = p.toAbsolutePath().getParent();
      boolean dirMissing = parent != null && !Files.isDirectory(parent);
      return Optional.of(
          program
              + ": no such file"
              + (dirMissing ? " (its directory " + parent + " is missing)" : ""));
    }
    if (Files.isDirectory(p)) {
      return Optional.of(program + ": is a directory, not a program");
    }
    if (!Files.isExecutable(p)) {
      return Optional.of(
          program
              + ": not executable (chmod +x it, or name its interpreter first, e.g. [bash, "
              + program
              + "])");
    }
    return Optional.empty();
  }

  /** One line for an I/O failure while setting up a launch: the path and the reason. */
  public static String describe(IOException e) {
    if (e instanceof NoSuchFileException n) {
      return n.getFile() + ": no such file or directory";
    }
    if (e instanceof AccessDeniedException a) {
      return a.getFile() + ": permission denied";
    }
    if (e instanceof NotDirectoryException d) {
      return d.getFile() + ": not a directory";
    }
    if (e instanceof FileSystemException f) {
      return f.getFile() + ": " + (f.getReason() == null ? "cannot be used" : f.getReason());
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 197) + "...";
  }
}
