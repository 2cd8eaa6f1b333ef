package dev.cohort.driver.conformance;

import dev.cohort.core.job.JobController;
import dev.cohort.core.port.Backend;
import dev.cohort.core.port.FaultInjection;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.driver.runtime.RuntimeLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a case on a real-time backend the way {@code cohort run} does: one runtime loop and one
 * backend per job, each on its own thread, submitted at its time; faults fired from a scheduler at
 * theirs; every backend closed at the end, whatever happens.
 */
final class RealTimeRunner {
  private RealTimeRunner() {}

  /** Opens the backend for one job. */
  interface BackendFactory {
    Backend open(JobSpec spec, RuntimeLoop loop);
  }

  /** What a fixture can do to nodes; null when it has no nodes to fault. */
  interface NodeControl {
    void crash(String node);

    void restart(String node);

    void add(ConformanceCase.Nodes nodes);
  }

  static Observed run(
      ConformanceCase c, BackendFactory backends, NodeControl nodes, long timeoutMillis)
      throws Exception {
    long t0 = System.nanoTime();
    Observed obs = new Observed(() -> (System.nanoTime() - t0) / 1_000_000);
    Map<String, RuntimeLoop> loops = new ConcurrentHashMap<>();
    Map<String, Backend> opened = new ConcurrentHashMap<>();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (ConformanceCase.Job j : c.jobs()) {
      Thread t =
          new Thread(
              () -> {
                try {
                  sleepUntil(t0, j.submitAtMillis());
                  RuntimeLoop loop = new RuntimeLoop();
                  Backend b = backends.open(j.spec(), loop);
                  opened.put(j.spec().name(), b);
                  loops.put(j.spec().name(), loop);
                  try {
                    loop.run(new JobController(j.spec(), obs), b);
                  } finally {
                    b.close();
                  }
                } catch (Throwable e) {
                  errors.add(e);
                }
              },
              "conformance-" + j.spec().name());
      t.start();
      threads.add(t);
    }
    ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor();
    try {
      for (ConformanceCase.Fault f : c.faults()) {
        faults.schedule(
            () -> fire(f, loops, opened, nodes, faults, errors),
            f.atMillis(),
            TimeUnit.MILLISECONDS);
      }
      long deadline = t0 + timeoutMillis * 1_000_000;
      for (Thread t : threads) {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
      boolean late = threads.stream().anyMatch(Thread::isAlive);
      if (late) {
        loops.values().forEach(RuntimeLoop::stop);
        opened.values().forEach(Backend::close);
        for (Thread t : threads) {
          t.join(30_000);
        }
        throw new AssertionError(
            c.name() + " did not finish within " + timeoutMillis + " ms: " + obs);
      }
    } finally {
      faults.shutdownNow();
    }
    if (!errors.isEmpty()) {
      AssertionError e = new AssertionError(c.name() + " failed: " + errors.get(0), errors.get(0));
      errors.stream().skip(1).forEach(e::addSuppressed);
      throw e;
    }
    return obs;
  }

  private static void fire(
      ConformanceCase.Fault f,
      Map<String, RuntimeLoop> loops,
      Map<String, Backend> opened,
      NodeControl nodes,
      ScheduledExecutorService faults,
      List<Throwable> errors) {
    try {
      if (f instanceof ConformanceCase.KillReplica k) {
        RuntimeLoop loop = loops.get(k.job());
        FaultInjection target = (FaultInjection) opened.get(k.job());
        loop.submit(
            () -> {
              if (!target.killReplica(k.replica())) {
                errors.add(new AssertionError(k + ": the replica had no live process"));
              }
            });
      } else if (f instanceof ConformanceCase.CrashNode n) {
        nodes.crash(n.node());
        if (n.downForMillis() >= 0) {
          faults.schedule(() -> nodes.restart(n.node()), n.downForMillis(), TimeUnit.MILLISECONDS);
        }
      } else if (f instanceof ConformanceCase.AddNodes a) {
        nodes.add(a.nodes());
      }
    } catch (Throwable e) {
      errors.add(e);
    }
  }

  private static void sleepUntil(long t0, long millis) throws InterruptedException {
    long left = t0 + millis * 1_000_000 - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }
}
