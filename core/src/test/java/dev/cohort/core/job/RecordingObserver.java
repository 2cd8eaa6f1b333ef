package dev.cohort.core.job;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.core.port.ReplicaId;
import java.util.ArrayList;
import java.util.List;

/** Records transitions and fails the test on any move that is not an edge of the state graph. */
final class RecordingObserver implements TransitionObserver {
  final List<String> log = new ArrayList<>();

  @Override
  public void replica(long at, ReplicaId r, ReplicaState from, ReplicaState to, String why) {
    assertTrue(
        StateGraph.legal(from, to), "illegal replica move " + from + "→" + to + " (" + why + ")");
    log.add(r + " " + from + "->" + to);
  }

  @Override
  public void job(long at, String job, JobState from, JobState to, String why) {
    assertTrue(
        StateGraph.legal(from, to), "illegal job move " + from + "→" + to + " (" + why + ")");
    log.add(job + " " + from + "->" + to);
  }
}
