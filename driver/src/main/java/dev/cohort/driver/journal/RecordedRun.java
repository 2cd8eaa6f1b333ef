package dev.cohort.driver.journal;

import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.JobOutcome;
import dev.cohort.core.port.NodeRef;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.spec.Distribution;
import dev.cohort.core.spec.Durations;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.WorkSpec;
import dev.cohort.sim.gcs.GcsConfig;
import dev.cohort.sim.scenario.NodeGroupSpec;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioJob;
import dev.cohort.sim.scenario.ScriptedFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A recorded run turned into a scenario, so what-ifs can be simulated on the same history: the
 * nodes the run had, the job with its observed run time as its work (the median of the attempts
 * that finished; the longest seen if none did), and every loss the run suffered as a crash of the
 * lost replica's node at the recorded time, back a second later. Detection is immediate, as on the
 * local backend.
 */
public final class RecordedRun {
  private RecordedRun() {}

  /**
   * What the run did, for comparison with its simulation.
   *
   * @param outcome how it ended, if it did
   * @param span µs from submission to the last record
   * @param restarts the restart budget it used
   */
  public record Facts(Optional<JobOutcome> outcome, long span, int restarts, long losses) {}

  /** The scenario of the recorded run. */
  public static Scenario scenario(JournalReader.Recorded rec, JobSpec job) {
    Map<String, String> o = rec.header().options();
    List<NodeGroupSpec> groups = new ArrayList<>();
    TreeSet<String> seen = new TreeSet<>();
    Map<String, Long> startedAt = new HashMap<>();
    List<Long> finished = new ArrayList<>();
    long longest = 0;
    long submitted = 0;
    long last = 0;
    List<ScriptedFailure> failures = new ArrayList<>();
    Map<ReplicaId, String> nodeOf = new HashMap<>();
    for (JournalRecord r : rec.records()) {
      if (r instanceof JournalRecord.Submitted s) {
        submitted = s.at();
      } else if (r instanceof JournalRecord.Step s) {
        ClusterEvent e = s.event();
        last = Math.max(last, e.at());
        if (e instanceof ClusterEvent.ReplicaStarted st) {
          startedAt.put(st.replica() + "#" + st.attempt(), st.at());
          nodeOf.put(st.replica(), st.node().name());
          seen.add(st.node().name());
        } else if (e instanceof ClusterEvent.PlacementGroupPlaced p) {
          p.bundles().values().stream().map(NodeRef::name).forEach(seen::add);
        } else if (e instanceof ClusterEvent.ReplicaExited x) {
          Long t0 = startedAt.remove(x.replica() + "#" + x.attempt());
          if (t0 != null && x.exitCode() == 0) {
            finished.add(x.at() - t0);
          }
        } else if (e instanceof ClusterEvent.ReplicaLost l) {
          Long t0 = startedAt.remove(l.replica() + "#" + l.attempt());
          if (t0 != null) {
            longest = Math.max(longest, l.at() - t0);
          }
          String node = nodeOf.get(l.replica());
          if (node != null) {
            failures.add(
                new ScriptedFailure(
                    l.at() - submitted, node, OptionalLong.of(Durations.MICROS_PER_SECOND)));
          }
        }
      }
    }
    for (long t0 : startedAt.values()) {
      longest = Math.max(longest, last - t0);
    }
    if (o.containsKey("nodes") && o.containsKey("nodeResourceUnits")) {
      groups.add(
          new NodeGroupSpec(
              "local",
              Integer.parseInt(o.get("nodes")),
              JournalOptions.resources(o.get("nodeResourceUnits")),
              new TreeMap<>(),
              0));
    } else {
      for (String n : seen) {
        groups.add(new NodeGroupSpec(n, 1, job.resources(), new TreeMap<>(), 0));
      }
    }
    long work;
    if (!finished.isEmpty()) {
      List<Long> sorted = new ArrayList<>(finished);
      sorted.sort(null);
      work = sorted.get(sorted.size() / 2);
    } else {
      work = Math.max(longest, Durations.MICROS_PER_SECOND);
    }
    JobSpec simulated =
        job.toBuilder().work(new WorkSpec.PerReplica(new Distribution.Fixed(work))).build();
    long span = Math.max(last - submitted, work);
    GcsConfig immediate =
        GcsConfig.DEFAULTS.withTiming(GcsConfig.DEFAULTS.tick(), 0, Durations.MICROS_PER_MILLI, 1);
    return new Scenario(
        job.name() + "-recorded",
        1,
        Math.max(Durations.MICROS_PER_HOUR, 3 * span),
        immediate,
        groups,
        failures,
        List.of(),
        List.of(new ScenarioJob(0, simulated)),
        List.of());
  }

  /** What the recorded run did. */
  public static Facts facts(JournalReader.Recorded rec, int restarts) {
    Optional<JobOutcome> outcome = Optional.empty();
    long first = -1;
    long last = 0;
    long losses = 0;
    for (JournalRecord r : rec.records()) {
      if (r instanceof JournalRecord.Submitted s) {
        first = s.at();
      } else if (r instanceof JournalRecord.Step s) {
        last = Math.max(last, s.event().at());
        if (s.event() instanceof ClusterEvent.ReplicaLost) {
          losses++;
        }
      } else if (r instanceof JournalRecord.Ended e) {
        outcome = Optional.of(e.outcome());
      }
    }
    return new Facts(outcome, Math.max(0, last - Math.max(first, 0)), restarts, losses);
  }
}
