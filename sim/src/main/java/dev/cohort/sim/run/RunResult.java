package dev.cohort.sim.run;

import dev.cohort.sim.check.Deadlock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one run of a scenario produced.
 *
 * @param seed the run's seed
 * @param traceHash fingerprint of every event; equal seeds give equal hashes
 * @param events number of events fired
 * @param endTime virtual time at which the run stopped (µs)
 * @param jobs the outcome of every declared job, in declaration order, then (when {@link
 *     SimOptions#keepGeneratedJobs} asks for them) of every generated job in generation order
 * @param sources the jobs of each arrivals entry, aggregated
 * @param utilization mean share of the requested resource kinds held by reservations
 * @param deadlocks gang deadlocks found by the wait-for graph (first sighting of each)
 * @param timeline per-node holding intervals and failures, when recorded
 * @param interruptionsByCause job interruptions per failure cause (summed over jobs), every
 *     declared cause listed in declaration order
 * @param stoppedEarly the run was stopped from outside ({@link RunControl#requestStop()}) before
 *     its horizon or its last job; its numbers describe the run up to {@code endTime}
 * @param fleet what the fleet models did ({@link dev.cohort.sim.cluster.FleetStats#NONE} without)
 */
public record RunResult(
    long seed,
    String traceHash,
    long events,
    long endTime,
    List<JobResult> jobs,
    List<SourceResult> sources,
    double utilization,
    List<Deadlock> deadlocks,
    Timeline timeline,
    Map<String, Long> interruptionsByCause,
    boolean stoppedEarly,
    dev.cohort.sim.cluster.FleetStats fleet) {

  public RunResult {
    jobs = List.copyOf(jobs);
    sources = List.copyOf(sources);
    interruptionsByCause = Collections.unmodifiableMap(new LinkedHashMap<>(interruptionsByCause));
  }

  /** The result of a job by name. */
  public JobResult job(String name) {
    return jobs.stream()
        .filter(j -> j.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no job " + name));
  }
}
