package dev.cohort.driver.conformance;

import dev.cohort.core.spec.JobSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One scenario of the backend contract, in terms every backend can be driven by: nodes, jobs (each
 * with a command for real backends and the equivalent {@code work} for the simulator), and a fault
 * script in milliseconds from the start. A backend runs the cases whose needs it can meet.
 */
record ConformanceCase(
    String name, List<Nodes> nodes, List<Job> jobs, List<Fault> faults, Set<Capability> needs) {

  /** What a case may need beyond running a job to its end. */
  enum Capability {
    /** A replica's process exits with a code of its own choosing (the simulator models none). */
    EXIT_CODES,
    /** A replica's process can be killed while its slot stays (fault injection). */
    PROCESS_KILL,
    /** A stopped replica gets SIGTERM and the stop grace before SIGKILL. */
    STOP_GRACE,
    /** Nodes crash, are declared dead, and come back. */
    NODE_DEATH,
    /** Nodes join while jobs wait. */
    NODE_JOIN,
    /** Several jobs share one cluster and compete for it. */
    SHARED_CLUSTER,
    /** Replicas run real programs, and one that cannot start is refused before it runs. */
    LAUNCH_CHECK
  }

  /** {@code count} nodes named {@code <group>-<i>}. */
  record Nodes(String group, int count, Map<String, Double> resources) {}

  /** A job and when it is submitted. */
  record Job(JobSpec spec, long submitAtMillis) {}

  /** Something done to the cluster at a time. */
  sealed interface Fault {
    long atMillis();
  }

  /** Kill the current process of a replica (its slot stays). */
  record KillReplica(String job, int replica, long atMillis) implements Fault {}

  /** Crash a node; with {@code downForMillis ≥ 0} it comes back that much later. */
  record CrashNode(String node, long atMillis, long downForMillis) implements Fault {}

  /** Nodes join. */
  record AddNodes(Nodes nodes, long atMillis) implements Fault {}

  ConformanceCase {
    nodes = List.copyOf(nodes);
    jobs = List.copyOf(jobs);
    faults = List.copyOf(faults);
    needs = Set.copyOf(needs);
  }
}
