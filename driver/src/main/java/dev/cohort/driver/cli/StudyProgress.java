package dev.cohort.driver.cli;

import dev.cohort.sim.report.Human;
import dev.cohort.sim.run.MonteCarlo;
import dev.cohort.sim.run.RunControl;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * How {@code cohort simulate} shows a study's progress on stderr: a bar on a console (over
 * replications, or over simulated time up to the horizon when there is one replication), or plain
 * lines for logs ({@code --progress log}: one when the study starts, then one every {@code period}
 * seconds). The view reads {@link RunControl} and a replication counter from a daemon thread; the
 * simulations never wait for it.
 */
final class StudyProgress {
  /** What to show. */
  enum Mode {
    /** A bar when stdout/stderr is a console, else nothing. */
    auto,
    /** Always a bar. */
    bar,
    /** Plain lines. */
    log,
    /** Nothing. */
    none
  }

  private static final double HOUR_US = 3_600_000_000.0;

  private final String name;
  private final int replications;
  private final long horizon;
  private final RunControl control;
  private final AtomicInteger done = new AtomicInteger();

  private StudyProgress(String name, int replications, long horizon, RunControl control) {
    this.name = name;
    this.replications = replications;
    this.horizon = horizon;
    this.control = control;
  }

  /**
   * Runs {@code work} (given the callback for finished replications) while showing its progress as
   * {@code mode} asks.
   */
  static MonteCarlo.Study show(
      Mode mode,
      long periodMillis,
      String name,
      int replications,
      long horizon,
      RunControl control,
      PrintWriter err,
      Function<IntConsumer, MonteCarlo.Study> work) {
    StudyProgress p = new StudyProgress(name, replications, horizon, control);
    Mode m = mode == Mode.auto ? (System.console() != null ? Mode.bar : Mode.none) : mode;
    return switch (m) {
      case none, auto -> work.apply(d -> {});
      case log -> p.lines(periodMillis, err, work);
      case bar -> p.bar(work);
    };
  }

  /**
   * Runs {@code work} (given a callback for the count done) while showing {@code total} steps: a
   * bar, or a line every {@code periodMillis} for {@code log}.
   */
  static <T> T counted(
      Mode mode,
      long periodMillis,
      String task,
      long total,
      PrintWriter err,
      Function<java.util.function.LongConsumer, T> work) {
    Mode m = mode == Mode.auto ? (System.console() != null ? Mode.bar : Mode.none) : mode;
    if (m == Mode.bar) {
      try (ProgressBar pb = builder(task, total).continuousUpdate().build()) {
        return work.apply(pb::stepTo);
      }
    }
    if (m == Mode.log) {
      java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
      return ticking(
          periodMillis,
          () -> {
            err.println(
                String.format(Locale.ROOT, "progress: %s: %d of %d done", task, done.get(), total));
            err.flush();
          },
          () -> work.apply(done::set));
    }
    return work.apply(d -> {});
  }

  private MonteCarlo.Study lines(
      long periodMillis, PrintWriter err, Function<IntConsumer, MonteCarlo.Study> work) {
    return ticking(
        periodMillis,
        () -> {
          err.println("progress: " + line());
          err.flush();
        },
        () -> work.apply(done::set));
  }

  private String line() {
    String runs =
        replications > 1
            ? String.format(Locale.ROOT, "%d of %d replications done; ", done.get(), replications)
            : "";
    return String.format(
        Locale.ROOT,
        "%s: %slatest run at %s of %s simulated, %s events",
        name,
        runs,
        Human.duration(control.now() / 1e6),
        Human.duration(horizon / 1e6),
        Human.count(control.events()));
  }

  private MonteCarlo.Study bar(Function<IntConsumer, MonteCarlo.Study> work) {
    if (replications > 1) {
      try (ProgressBar pb = builder("simulating", replications).continuousUpdate().build()) {
        return work.apply(pb::stepTo);
      }
    }
    long hours = Math.max(1, (long) Math.ceil(horizon / HOUR_US));
    try (ProgressBar pb = builder("simulated", hours).setUnit(" h", 1).showSpeed().build()) {
      return ticking(
          250,
          () -> {
            pb.stepTo(Math.min(hours, (long) (control.now() / HOUR_US)));
            pb.setExtraMessage(String.format(Locale.ROOT, " %,d events", control.events()));
          },
          () -> work.apply(d -> {}));
    }
  }

  /** Runs {@code work} while {@code tick} runs every {@code periodMillis} on a daemon thread. */
  private static <T> T ticking(
      long periodMillis, Runnable tick, java.util.function.Supplier<T> work) {
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread th = new Thread(r, "cohort-progress");
              th.setDaemon(true);
              return th;
            });
    try {
      ticker.scheduleAtFixedRate(tick, 0, periodMillis, TimeUnit.MILLISECONDS);
      return work.get();
    } finally {
      ticker.shutdownNow();
      try {
        ticker.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static ProgressBarBuilder builder(String task, long max) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(max)
        .setStyle(ProgressBarStyle.ASCII);
  }
}
