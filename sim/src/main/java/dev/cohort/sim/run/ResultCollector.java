package dev.cohort.sim.run;

import dev.cohort.core.job.JobController;
import dev.cohort.core.port.NodeRef;
import dev.cohort.sim.scenario.ArrivalSpec;
import dev.cohort.sim.workload.TimeUse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records each job's outcome as it ends, so that finished jobs need not be kept: declared jobs (and
 * generated ones, when asked) as a {@link JobResult}, every generated job into its arrivals entry's
 * {@link SourceResult}. Memory grows with what the report aggregates, not with the jobs' state.
 */
final class ResultCollector {

  /** One arrivals entry's samples, with each job's generation order to keep them in order. */
  private static final class Source {
    final String name;
    int succeeded;
    int failed;
    int cancelled;
    int unfinished;
    final Samples jct = new Samples();
    final Samples waits = new Samples();
    final Samples restarts = new Samples();
    final DoubleSamples ettr = new DoubleSamples();
    TimeUse time = TimeUse.NONE;

    Source(String name) {
      this.name = name;
    }
  }

  /** Values with the order of the job they belong to. */
  private static final class Samples {
    long[] values = new long[16];
    int[] orders = new int[16];
    int size;

    void add(int order, long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
        orders = Arrays.copyOf(orders, size * 2);
      }
      values[size] = v;
      orders[size++] = order;
    }

    /** The values in job order (jobs end in another order than they were generated). */
    long[] inOrder() {
      boolean sorted = true;
      for (int i = 1; i < size && sorted; i++) {
        sorted = orders[i - 1] < orders[i];
      }
      if (sorted) {
        return Arrays.copyOf(values, size);
      }
      Integer[] idx = new Integer[size];
      for (int i = 0; i < size; i++) {
        idx[i] = i;
      }
      Arrays.sort(idx, (a, b) -> Integer.compare(orders[a], orders[b]));
      long[] out = new long[size];
      for (int i = 0; i < size; i++) {
        out[i] = values[idx[i]];
      }
      return out;
    }
  }

  /** Doubles with the order of the job they belong to. */
  private static final class DoubleSamples {
    double[] values = new double[16];
    int[] orders = new int[16];
    int size;

    void add(int order, double v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
        orders = Arrays.copyOf(orders, size * 2);
      }
      values[size] = v;
      orders[size++] = order;
    }

    double[] inOrder() {
      Integer[] idx = new Integer[size];
      for (int i = 0; i < size; i++) {
        idx[i] = i;
      }
      Arrays.sort(idx, (a, b) -> Integer.compare(orders[a], orders[b]));
      double[] out = new double[size];
      for (int i = 0; i < size; i++) {
        out[i] = values[idx[i]];
      }
      return out;
    }
  }

  private final boolean keepGenerated;
  private final Map<String, Source> sources = new LinkedHashMap<>();
  private final List<JobRun> kept = new ArrayList<>();
  private final List<JobResult> results = new ArrayList<>();

  ResultCollector(List<ArrivalSpec> arrivals, boolean keepGenerated) {
    this.keepGenerated = keepGenerated;
    for (ArrivalSpec a : arrivals) {
      sources.put(a.name(), new Source(a.name()));
    }
  }

  /** A job ended, or the run did while it was unfinished: records it with its time use. */
  void record(JobRun run, TimeUse time, long end) {
    JobController c = run.controller;
    if (run.source.isEmpty() || keepGenerated) {
      kept.add(run);
      results.add(result(run, time, end));
    }
    if (!run.source.isEmpty()) {
      Source s = sources.get(run.source);
      switch (c.state()) {
        case SUCCEEDED -> s.succeeded++;
        case FAILED -> s.failed++;
        case CANCELLED -> s.cancelled++;
        default -> s.unfinished++;
      }
      c.finishedAt().ifPresent(f -> s.jct.add(run.order, f - c.submittedAt()));
      c.startedAt().ifPresent(t -> s.waits.add(run.order, t - c.submittedAt()));
      s.restarts.add(run.order, c.restarts());
      if (time.wall() > 0) {
        s.ettr.add(run.order, time.ettr());
      }
      s.time = s.time.plus(time);
    }
  }

  private static JobResult result(JobRun r, TimeUse time, long end) {
    JobController c = r.controller;
    List<Optional<String>> firstNodes = new ArrayList<>();
    for (Optional<NodeRef> n : c.firstNodes()) {
      firstNodes.add(n.map(NodeRef::name));
    }
    return new JobResult(
        r.name,
        r.source,
        c.state().name(),
        c.reason(),
        c.submittedAt(),
        c.startedAt(),
        c.finishedAt(),
        c.restarts(),
        c.replicasStarted(),
        firstNodes,
        r.interruptions,
        time,
        r.availability.share(end));
  }

  /** Per-job results in declaration/generation order. */
  List<JobResult> jobs() {
    Integer[] idx = new Integer[kept.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Integer.compare(kept.get(a).order, kept.get(b).order));
    List<JobResult> out = new ArrayList<>(idx.length);
    for (int i : idx) {
      out.add(results.get(i));
    }
    return out;
  }

  /** Per arrivals entry, in scenario order. */
  List<SourceResult> sources() {
    List<SourceResult> out = new ArrayList<>();
    for (Source s : sources.values()) {
      long[] restarts = s.restarts.inOrder();
      int[] r = new int[restarts.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = (int) restarts[i];
      }
      out.add(
          new SourceResult(
              s.name,
              s.succeeded,
              s.failed,
              s.cancelled,
              s.unfinished,
              s.jct.inOrder(),
              s.waits.inOrder(),
              r,
              s.ettr.inOrder(),
              s.time));
    }
    return out;
  }
}
