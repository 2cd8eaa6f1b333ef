package dev.cohort.sim.run;

import dev.cohort.sim.cluster.Incident;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts job interruptions by cause: a job whose running processes an incident (a crash, a rack
 * outage, a trace removal, a maintenance window) hits counts one interruption, however many of its
 * nodes the incident took.
 */
final class Interruptions {
  private final LinkedHashMap<String, Long> byCause = new LinkedHashMap<>();

  /** Every declared cause starts at zero, in declaration order. */
  Interruptions(List<String> causes) {
    for (String c : causes) {
      byCause.put(c, 0L);
    }
  }

  /** {@code incident} hit a running process of {@code run}. */
  void hit(JobRun run, Incident incident) {
    if (run.lastIncident == incident) {
      return;
    }
    run.lastIncident = incident;
    run.interruptions++;
    byCause.merge(incident.cause(), 1L, Long::sum);
  }

  /** The counts, in declaration order. */
  Map<String, Long> byCause() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(byCause));
  }
}
