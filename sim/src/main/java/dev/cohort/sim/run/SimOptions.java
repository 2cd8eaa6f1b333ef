package dev.cohort.sim.run;

import dev.cohort.core.job.TransitionObserver;
import java.io.Writer;
import java.util.Optional;

/**
 * How a simulation is observed (never what it does): invariant checks after every event, timelines
 * for charts, a JSON-lines trace, and how often the wait-for graph looks for deadlocks.
 *
 * @param checkInvariants run the invariant checker after every event (tests: on)
 * @param recordTimeline keep node-holding intervals and queue waits for charts
 * @param traceLines where to write one JSON object per event, if anywhere
 * @param deadlockCheckEvery at most one wait-for analysis per this many virtual µs (0: none); an
 *     analysis runs only when blocked jobs' holdings changed
 * @param observer also told of every replica and job transition (property tests)
 * @param keepGeneratedJobs list every generated job in {@link RunResult#jobs()}, not only in its
 *     arrivals entry's aggregate (memory grows with the number of jobs)
 * @param control progress and stop requests from outside (Ctrl-C)
 */
public record SimOptions(
    boolean checkInvariants,
    boolean recordTimeline,
    Optional<Writer> traceLines,
    long deadlockCheckEvery,
    TransitionObserver observer,
    boolean keepGeneratedJobs,
    RunControl control) {

  /** Fast defaults for Monte Carlo runs. */
  public static final SimOptions DEFAULT =
      new SimOptions(
          false,
          false,
          Optional.empty(),
          60_000_000L,
          TransitionObserver.NONE,
          false,
          RunControl.NONE);

  /** Everything on, for tests. */
  public static final SimOptions CHECKED =
      new SimOptions(
          true,
          true,
          Optional.empty(),
          60_000_000L,
          TransitionObserver.NONE,
          true,
          RunControl.NONE);

  /** A copy that also lists generated jobs one by one. */
  public SimOptions withGeneratedJobs(boolean keep) {
    return new SimOptions(
        checkInvariants, recordTimeline, traceLines, deadlockCheckEvery, observer, keep, control);
  }

  /** A copy with the timeline on or off. */
  public SimOptions withTimeline(boolean on) {
    return new SimOptions(
        checkInvariants, on, traceLines, deadlockCheckEvery, observer, keepGeneratedJobs, control);
  }

  /** A copy with invariant checks on or off. */
  public SimOptions withChecks(boolean on) {
    return new SimOptions(
        on, recordTimeline, traceLines, deadlockCheckEvery, observer, keepGeneratedJobs, control);
  }

  /** A copy that also reports transitions to {@code o}. */
  public SimOptions withObserver(TransitionObserver o) {
    return new SimOptions(
        checkInvariants,
        recordTimeline,
        traceLines,
        deadlockCheckEvery,
        o,
        keepGeneratedJobs,
        control);
  }

  /** A copy writing the trace to {@code w}. */
  public SimOptions withTraceLines(Writer w) {
    return new SimOptions(
        checkInvariants,
        recordTimeline,
        Optional.of(w),
        deadlockCheckEvery,
        observer,
        keepGeneratedJobs,
        control);
  }

  /** A copy that polls {@code c} for stop requests and shows it progress. */
  public SimOptions withControl(RunControl c) {
    return new SimOptions(
        checkInvariants,
        recordTimeline,
        traceLines,
        deadlockCheckEvery,
        observer,
        keepGeneratedJobs,
        c);
  }
}
