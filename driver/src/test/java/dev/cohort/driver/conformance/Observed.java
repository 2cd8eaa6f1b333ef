package dev.cohort.driver.conformance;

import dev.cohort.core.job.JobState;
import dev.cohort.core.job.ReplicaState;
import dev.cohort.core.job.TransitionObserver;
import dev.cohort.core.port.ReplicaId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The state transitions a run made, per job and per replica, with the time each happened (ms from
 * the start of the case). Thread-safe: real backends run one loop per job.
 */
final class Observed implements TransitionObserver {
  private final LongSupplier clockMillis;
  private final Map<String, List<String>> jobs = new TreeMap<>();
  private final Map<String, Map<Integer, List<String>>> replicas = new TreeMap<>();
  private final Map<String, Long> firstStart = new TreeMap<>();
  private final Map<String, String> reasons = new TreeMap<>();

  /** Records with time from {@code clockMillis} (null: the transitions' own times, in µs). */
  Observed(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
  }

  private long millis(long at) {
    return clockMillis == null ? at / 1000 : clockMillis.getAsLong();
  }

  @Override
  public synchronized void replica(
      long at, ReplicaId r, ReplicaState from, ReplicaState to, String why) {
    replicas
        .computeIfAbsent(r.job(), k -> new TreeMap<>())
        .computeIfAbsent(r.index(), k -> new ArrayList<>())
        .add(from + ">" + to);
  }

  @Override
  public synchronized void job(long at, String job, JobState from, JobState to, String why) {
    jobs.computeIfAbsent(job, k -> new ArrayList<>()).add(from + ">" + to);
    if (to == JobState.RUNNING) {
      firstStart.putIfAbsent(job, millis(at));
    }
    if (to.terminal()) {
      reasons.put(job, why);
    }
  }

  synchronized List<String> job(String job) {
    return List.copyOf(jobs.getOrDefault(job, List.of()));
  }

  synchronized List<String> replica(String job, int index) {
    return List.copyOf(replicas.getOrDefault(job, Map.of()).getOrDefault(index, List.of()));
  }

  /** When the job first ran, ms from the start, or −1. */
  synchronized long startedAtMillis(String job) {
    return firstStart.getOrDefault(job, -1L);
  }

  /** Why the job ended. */
  synchronized String reason(String job) {
    return reasons.getOrDefault(job, "");
  }

  @Override
  public synchronized String toString() {
    return "jobs " + jobs + ", replicas " + replicas + ", reasons " + reasons;
  }
}
