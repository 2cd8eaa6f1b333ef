package dev.cohort.sim.run;

import dev.cohort.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Replicated runs of one scenario with seeds {@code seed, seed+1, …}. Each replication is its own
 * single-threaded simulation; replications run in parallel on a pool, and results come back in seed
 * order, so the outcome does not depend on the thread count.
 */
public final class MonteCarlo {

  /**
   * All replications of one study, in seed order, and the wall time they took. When the study was
   * stopped from outside, {@code runs} holds the replications that had started (the last ones cut
   * short, see {@link RunResult#stoppedEarly()}) out of the {@code requested} ones.
   */
  public record Study(
      Scenario scenario, long baseSeed, List<RunResult> runs, double wallSeconds, int requested) {

    /** Whether any replication was stopped early or never ran. */
    public boolean stoppedEarly() {
      return runs.size() < requested || runs.stream().anyMatch(RunResult::stoppedEarly);
    }

    /** Total events over all replications. */
    public long events() {
      return runs.stream().mapToLong(RunResult::events).sum();
    }
  }

  private MonteCarlo() {}

  /**
   * Runs {@code replications} seeds starting at {@code seed} on {@code threads} threads, reporting
   * each finished replication to {@code progress}.
   */
  public static Study run(
      Scenario scenario,
      int replications,
      long seed,
      int threads,
      SimOptions options,
      IntConsumer progress) {
    if (replications < 1 || threads < 1) {
      throw new IllegalArgumentException("replications and threads must be ≥ 1");
    }
    long start = System.nanoTime();
    List<RunResult> results = new ArrayList<>(replications);
    if (threads == 1 || replications == 1) {
      for (int i = 0; i < replications && !options.control().stopRequested(); i++) {
        results.add(Simulation.run(scenario, seed + i, options));
        progress.accept(i + 1);
      }
    } else {
      ExecutorService pool =
          Executors.newFixedThreadPool(Math.min(threads, replications), daemon());
      try {
        List<Future<RunResult>> futures = new ArrayList<>(replications);
        java.util.concurrent.atomic.AtomicInteger done =
            new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < replications; i++) {
          long s = seed + i;
          futures.add(
              pool.submit(
                  () -> {
                    if (options.control().stopRequested()) {
                      return null;
                    }
                    RunResult r = Simulation.run(scenario, s, options);
                    progress.accept(done.incrementAndGet());
                    return r;
                  }));
        }
        for (Future<RunResult> f : futures) {
          RunResult r = f.get();
          if (r == null) {
            break; // stopped: later seeds are left out so the runs stay a prefix in seed order
          }
          results.add(r);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException re) {
          throw re;
        }
        if (cause instanceof Error err) {
          throw err; // OutOfMemoryError and friends keep their type for the CLI's exit 70
        }
        throw new IllegalStateException(cause);
      } finally {
        pool.shutdownNow();
      }
    }
    double wall = (System.nanoTime() - start) / 1e9;
    return new Study(scenario, seed, List.copyOf(results), wall, replications);
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "cohort-replication");
      t.setDaemon(true);
      return t;
    };
  }
}
