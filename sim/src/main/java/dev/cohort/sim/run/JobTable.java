package dev.cohort.sim.run;

import dev.cohort.core.job.JobController;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The jobs of one run that are live: submitted and not finished, plus those that finished at the
 * current instant (events of that instant may still name them). A finished job leaves the table
 * when its instant is over, so the table follows live state, not history. Counters tell when the
 * run is over.
 */
final class JobTable {
  /** Live jobs by name in submission order; those that finished this instant included. */
  private final LinkedHashMap<String, JobRun> live = new LinkedHashMap<>();

  private final List<JobRun> retiring = new ArrayList<>();
  private int submissionsLeft;
  private int unfinished;

  /** A job that will be submitted. */
  void expect() {
    submissionsLeft++;
  }

  /** The job is submitted now. */
  void submitted(JobRun run) {
    submissionsLeft--;
    unfinished++;
    live.put(run.name, run);
  }

  /** The job reached a terminal state; it leaves at the end of the instant. */
  void finished(JobRun run) {
    unfinished--;
    retiring.add(run);
  }

  /** The instant is over: jobs that finished in it are forgotten. */
  void instantOver() {
    if (!retiring.isEmpty()) {
      for (JobRun r : retiring) {
        live.remove(r.name);
      }
      retiring.clear();
    }
  }

  /** A live job by name (events name their job). */
  JobRun get(String name) {
    JobRun r = live.get(name);
    if (r == null) {
      throw new IllegalStateException("an event names job " + name + ", which is not live");
    }
    return r;
  }

  /** True when every job was submitted and has finished. */
  boolean allDone() {
    return submissionsLeft == 0 && unfinished == 0;
  }

  /** Active jobs (submitted, not finished) in submission order. */
  List<JobRun> active() {
    List<JobRun> out = new ArrayList<>(unfinished);
    for (JobRun r : live.values()) {
      if (!r.controller.state().terminal()) {
        out.add(r);
      }
    }
    return out;
  }

  /** The controller of an active job, or null. */
  JobController activeController(String name) {
    JobRun r = live.get(name);
    return r == null || r.controller.state().terminal() ? null : r.controller;
  }
}
