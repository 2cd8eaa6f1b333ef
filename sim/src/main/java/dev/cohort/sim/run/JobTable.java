package dev.cohort.sim.run;

import dev.cohort.core.job.JobController;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The jobs of one run: every job known so far (declared ones from the start, generated ones from
 * their submission), the active ones (submitted, not finished), and the counters that tell when the
 * run is over.
 */
final class JobTable {
  private final Map<String, JobRun> byName = new HashMap<>();
  private final List<JobRun> known = new ArrayList<>();
  private final TreeMap<String, JobRun> active = new TreeMap<>();
  private int submissionsLeft;
  private int unfinished;

  /** A job that will be submitted; declared jobs are known from the start. */
  void expect(JobRun run, boolean declared) {
    submissionsLeft++;
    if (declared) {
      know(run);
    }
  }

  private void know(JobRun run) {
    byName.put(run.name, run);
    known.add(run);
  }

  /** The job is submitted now. */
  void submitted(JobRun run) {
    submissionsLeft--;
    unfinished++;
    if (!byName.containsKey(run.name)) {
      know(run);
    }
    active.put(run.name, run);
  }

  /** The job reached a terminal state. */
  void finished(JobRun run) {
    unfinished--;
    active.remove(run.name);
  }

  /** A known job by name (events name their job). */
  JobRun get(String name) {
    JobRun r = byName.get(name);
    if (r == null) {
      throw new IllegalStateException("no job " + name);
    }
    return r;
  }

  /** True when every job was submitted and has finished. */
  boolean allDone() {
    return submissionsLeft == 0 && unfinished == 0;
  }

  /** Active jobs by name. */
  Collection<JobRun> active() {
    return active.values();
  }

  /** The controller of an active job, or null. */
  JobController activeController(String name) {
    JobRun r = active.get(name);
    return r == null ? null : r.controller;
  }

  /** Every known job in declaration/generation order. */
  List<JobRun> known() {
    List<JobRun> out = new ArrayList<>(known);
    out.sort((a, b) -> Integer.compare(a.order, b.order));
    return out;
  }
}
