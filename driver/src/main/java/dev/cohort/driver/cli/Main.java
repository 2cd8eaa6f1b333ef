package dev.cohort.driver.cli;

import dev.cohort.core.spec.SpecException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cohort} command line. Exit codes: 0 success, 1 a job or check failed, 2 bad input (one
 * line {@code error: FILE:LINE:COL: …} on stderr), 70 an internal error (a bug).
 */
@Command(
    name = "cohort",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    header = "Elastic, fault-tolerant gang jobs on a Ray-style cluster.",
    description = {
      "Runs gang jobs (min..max replicas that start together and survive node loss) on local"
          + " processes or Ray, and simulates them on a deterministic model of the cluster for"
          + " property tests and capacity planning."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "  0:success",
      "  1:a job failed, a replay diverged, or a search found nothing",
      "  2:bad input: one line 'error: FILE:LINE:COL: field: what is wrong'",
      " 70:internal error or out of memory: one line naming a crash file",
      "130:stopped by Ctrl-C (143: by SIGTERM)"
    },
    footerHeading = "%nShell completion (bash, zsh):%n",
    footer = {"  source <(cohort generate-completion)"},
    subcommands = {
      SimulateCommand.class,
      RunCommand.class,
      StatusCommand.class,
      LogsCommand.class,
      CancelCommand.class,
      ListCommand.class,
      ReplayCommand.class,
      ValidateCommand.class,
      ExplainCommand.class,
      CommandLine.HelpCommand.class,
      picocli.AutoComplete.GenerateCompletion.class
    })
public final class Main implements java.util.concurrent.Callable<Integer> {

  /** Exit code for user mistakes. */
  public static final int BAD_INPUT = 2;

  /** Exit code for bugs. */
  public static final int INTERNAL = 70;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Bare {@code cohort}: the usage on stderr and exit 2 (a command is required). */
  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("error: a command is required (see 'cohort --help')");
    spec.commandLine().usage(err);
    err.flush();
    return BAD_INPUT;
  }

  public static void main(String[] args) {
    PrintWriter err = new PrintWriter(System.err, true);
    List<String> argList = List.of(args);
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, t) -> {
          // A background thread (a log pump, a reaper, a progress bar) died of a bug: say so in
          // one line; when the JVM itself is in trouble, stop with the internal-error code.
          int code = CrashReport.report(t, argList, err);
          if (t instanceof VirtualMachineError) {
            Runtime.getRuntime().halt(code);
          }
        });
    System.exit(execute(args, new PrintWriter(System.out, true), err));
  }

  /** Runs the CLI with the given streams and returns the exit code (for tests). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    try {
      return executeCommand(args, out, err);
    } catch (Throwable t) { // NOPMD: picocli lets Errors through; every failure must end as exit 70
      out.flush();
      return CrashReport.report(t, List.of(args), err);
    }
  }

  private static int executeCommand(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          String cmd = ex.getCommandLine().getCommandName();
          err.println(
              "error: "
                  + oneLine(ex.getMessage())
                  + " (see '"
                  + qualified(ex.getCommandLine(), cmd)
                  + " --help')");
          err.flush();
          return BAD_INPUT;
        });
    cl.setExecutionExceptionHandler(
        (ex, c, parseResult) -> {
          if (ex instanceof SpecException se) {
            err.println("error: " + oneLine(se.getMessage()));
          } else if (ex instanceof UserError ue) {
            err.println("error: " + oneLine(ue.getMessage()));
          } else {
            out.flush();
            return CrashReport.report(ex, List.of(args), err);
          }
          err.flush();
          return BAD_INPUT;
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static String qualified(CommandLine cl, String name) {
    return cl.getParent() == null ? name : "cohort " + name;
  }

  static String oneLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    return s.replace('\n', ' ').replace('\r', ' ').strip();
  }
}
