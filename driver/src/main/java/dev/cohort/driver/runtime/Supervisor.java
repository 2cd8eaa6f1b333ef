package dev.cohort.driver.runtime;

import dev.cohort.core.job.JobController;
import dev.cohort.core.job.JobState;
import dev.cohort.core.job.ReplicaState;
import dev.cohort.core.job.TransitionObserver;
import dev.cohort.core.port.Backend;
import dev.cohort.core.port.JobOutcome;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.sim.report.Human;
import java.io.PrintWriter;

/**
 * Supervises one real run to its end: prints each transition, runs the loop, and makes sure no
 * replica outlives it. A JVM shutdown hook (SIGINT, SIGTERM) stops the loop and closes the backend,
 * which stops every replica within its grace; the backend is closed on every other way out too.
 * Exit status: 0 when the job succeeded, 1 when it did not, 143 when a signal took over.
 */
public final class Supervisor {
  private final PrintWriter out;
  private final PrintWriter err;

  public Supervisor(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  /** A transition observer that prints status lines on the run's output. */
  public TransitionObserver statusLines(RuntimeLoop loop) {
    return new TransitionObserver() {
      @Override
      public void replica(long at, ReplicaId r, ReplicaState from, ReplicaState to, String why) {
        out.printf(
            "[cohort] %s replica %d %s -> %s (%s)%n",
            FaultPlan.clock(loop), r.index(), from, to, why);
      }

      @Override
      public void job(long at, String job, JobState from, JobState to, String why) {
        out.printf("[cohort] %s job %s %s -> %s (%s)%n", FaultPlan.clock(loop), job, from, to, why);
      }
    };
  }

  /** What runs the loop: a fresh run or a resumed one. */
  @FunctionalInterface
  public interface Body {
    RuntimeLoop.Outcome run() throws InterruptedException;
  }

  /** Runs {@code job} on {@code backend} to its end; returns the exit status. */
  public int run(JobSpec job, RuntimeLoop loop, Backend backend, JobController controller)
      throws InterruptedException {
    return run(job, loop, backend, () -> loop.run(controller, backend), o -> {});
  }

  /**
   * Runs {@code body} to the job's end with {@code backend} closed on every way out; {@code ended}
   * hears the outcome before anything is printed. Returns the exit status.
   */
  public int run(
      JobSpec job,
      RuntimeLoop loop,
      Backend backend,
      Body body,
      java.util.function.Consumer<RuntimeLoop.Outcome> ended)
      throws InterruptedException {
    Thread hook =
        new Thread(
            () -> {
              loop.stop();
              backend.close();
              err.println("[cohort] interrupted: every replica process tree was stopped");
              err.flush();
            },
            "cohort-signal");
    Runtime.getRuntime().addShutdownHook(hook);
    RuntimeLoop.Outcome o;
    try {
      o = body.run();
    } finally {
      backend.close();
    }
    ended.accept(o);
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      return 143; // already shutting down on a signal; the hook reports it
    }
    String summary =
        String.format(
            "job %s %s after %s: %s (restarts %d, replicas started %d)",
            job.name(),
            o.outcome(),
            Human.duration(loop.now() / 1e6),
            o.reason(),
            o.restarts(),
            o.replicasStarted());
    if (o.outcome() == JobOutcome.SUCCEEDED) {
      out.println("[cohort] " + summary);
      out.flush();
      return 0;
    }
    out.flush();
    err.println("cohort: " + summary);
    err.flush();
    return 1;
  }
}
