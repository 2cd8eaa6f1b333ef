package dev.cohort.core.job;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StateGraphTest {

  @Test
  void matchesTheDesignDiagram() {
    assertTrue(StateGraph.legal(ReplicaState.SCHEDULING, ReplicaState.RUNNING));
    assertTrue(StateGraph.legal(ReplicaState.RUNNING, ReplicaState.FAILING));
    assertTrue(StateGraph.legal(ReplicaState.FAILING, ReplicaState.SCHEDULING));
    assertTrue(StateGraph.legal(ReplicaState.FAILING, ReplicaState.FAILED));
    assertFalse(StateGraph.legal(ReplicaState.TASK_COMPLETED, ReplicaState.RUNNING));
    assertFalse(StateGraph.legal(ReplicaState.SCHEDULING, ReplicaState.TASK_COMPLETED));
    assertFalse(StateGraph.legal(JobState.SUCCEEDED, JobState.RUNNING));
    assertFalse(StateGraph.legal(JobState.PENDING, JobState.TERMINATING));
  }

  @Test
  void terminalStatesHaveNoWayOut() {
    for (ReplicaState s : ReplicaState.values()) {
      if (s.terminal()) {
        assertTrue(StateGraph.replicas().outgoingEdgesOf(s).isEmpty(), s.name());
      }
    }
    for (JobState s : JobState.values()) {
      if (s.terminal()) {
        assertTrue(StateGraph.jobs().outgoingEdgesOf(s).isEmpty(), s.name());
      }
    }
  }

  @Test
  void exportsBothGraphsAsDotWithLabels() {
    String dot = StateGraph.toDot();
    assertTrue(dot.contains("digraph replica"), dot);
    assertTrue(dot.contains("digraph job"), dot);
    assertTrue(dot.contains("replica_SCHEDULING -> replica_RUNNING"), dot);
    assertTrue(dot.contains("label=\"exit 0\""), dot);
  }
}
