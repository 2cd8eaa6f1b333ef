package dev.cohort.driver.runtime;

import dev.cohort.core.job.JobController;
import dev.cohort.core.port.Backend;
import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.Command;
import dev.cohort.core.port.JobOutcome;
import dev.cohort.core.port.LoopEffect;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The imperative shell around a {@link JobController} for real runs: one loop thread takes
 * timestamped events from a thread-safe queue (backends post from their own threads), hands them to
 * the controller, and executes the commands it returns; timers fire from a scheduler into the same
 * queue. Time is microseconds since the loop started, read from the monotonic clock.
 */
public final class RuntimeLoop {

  /** The job's end as the loop saw it. */
  public record Outcome(JobOutcome outcome, String reason, int restarts, int replicasStarted) {}

  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "cohort-timers");
            t.setDaemon(true);
            return t;
          });
  private final long startNanos = System.nanoTime();
  private final long startMicros;
  private volatile boolean stopped;
  private Recorder recorder = Recorder.NONE;

  /**
   * Hears each controller step before its commands are carried out (the journal makes them durable
   * there). Called on the loop thread.
   */
  public interface Recorder {
    void submitted(long at, List<Command> commands);

    void stepped(ClusterEvent event, List<Command> commands);

    Recorder NONE =
        new Recorder() {
          @Override
          public void submitted(long at, List<Command> commands) {}

          @Override
          public void stepped(ClusterEvent event, List<Command> commands) {}
        };
  }

  /** A loop whose clock starts at 0. */
  public RuntimeLoop() {
    this(0);
  }

  /** A loop whose clock starts at {@code startMicros} (a resumed run continues its clock). */
  public RuntimeLoop(long startMicros) {
    this.startMicros = startMicros;
  }

  /** Sets who hears each step. */
  public void record(Recorder r) {
    this.recorder = r;
  }

  /** Microseconds on the run's clock: since the loop was created, plus its start. */
  public long now() {
    return startMicros + (System.nanoTime() - startNanos) / 1_000;
  }

  /** Posts an event from any thread. */
  public void post(ClusterEvent e) {
    queue.add(e);
  }

  /** Runs {@code task} on the loop thread (backends use this to touch their state safely). */
  public void submit(Runnable task) {
    queue.add(task);
  }

  /** Runs {@code task} on the loop thread after {@code delayMicros}. */
  public void later(long delayMicros, Runnable task) {
    timers.schedule(() -> submit(task), Math.max(0, delayMicros), TimeUnit.MICROSECONDS);
  }

  /** Asks the loop to stop after the current event (e.g. on a signal). */
  public void stop() {
    stopped = true;
    queue.add((Runnable) () -> {});
  }

  /**
   * Submits the job and runs until it finishes (or {@link #stop} is called); returns its outcome.
   * Must be called from the thread that will run the loop.
   */
  public Outcome run(JobController controller, Backend backend) throws InterruptedException {
    return loop(controller, backend, List.of(), true);
  }

  /**
   * Continues a run whose controller was rebuilt (a resume): arms {@code timers} again (those due
   * already fire at once) and runs as {@link #run} does, without submitting.
   */
  public Outcome resume(JobController controller, Backend backend, List<Command.SetTimer> timers)
      throws InterruptedException {
    return loop(controller, backend, timers, false);
  }

  private Outcome loop(
      JobController controller, Backend backend, List<Command.SetTimer> armed, boolean submit)
      throws InterruptedException {
    JobOutcome[] finished = new JobOutcome[1];
    String[] reason = {""};
    LoopEffect.Handler effects =
        new LoopEffect.Handler() {
          @Override
          public void setTimer(Command.SetTimer t) {
            long delay = t.at() - now();
            timers.schedule(
                () -> post(new ClusterEvent.TimerFired(now(), t.job(), t.kind(), t.token())),
                Math.max(0, delay),
                TimeUnit.MICROSECONDS);
          }

          @Override
          public void jobFinished(Command.JobFinished f) {
            finished[0] = f.outcome();
            reason[0] = f.reason();
          }
        };
    try {
      armed.forEach(effects::setTimer);
      if (submit) {
        long at = now();
        List<Command> first = controller.submit(at);
        recorder.submitted(at, first);
        backend.carryOut(first, effects);
      }
      while (finished[0] == null && !stopped) {
        Object next = queue.take();
        if (next instanceof Runnable r) {
          r.run();
        } else {
          step(controller, backend, (ClusterEvent) next, effects);
        }
      }
      if (finished[0] == null) {
        step(
            controller,
            backend,
            new ClusterEvent.CancelRequested(now(), controller.spec().name()),
            effects);
      }
      // Let the backend finish what the last commands started (stops, removals).
      Object rest;
      while ((rest = queue.poll()) != null) {
        if (rest instanceof Runnable r) {
          r.run();
        }
      }
      return new Outcome(
          finished[0], reason[0], controller.restarts(), controller.replicasStarted());
    } finally {
      timers.shutdownNow();
    }
  }

  private void step(
      JobController controller, Backend backend, ClusterEvent e, LoopEffect.Handler effects) {
    List<Command> commands = controller.handle(e);
    recorder.stepped(e, commands);
    backend.carryOut(commands, effects);
  }
}
