package dev.cohort.core.job;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;

/**
 * The legal state transitions of replicas and jobs as data. Tests check every observed transition
 * against these graphs, and {@code cohort explain} prints them as Graphviz DOT.
 */
public final class StateGraph {

  /** An edge with the rule that causes it. */
  public static final class Transition extends DefaultEdge {
    private static final long serialVersionUID = 1L;
    private final String label;

    Transition(String label) {
      this.label = label;
    }

    /** The rule, e.g. "exit 0". */
    public String label() {
      return label;
    }
  }

  private static final Graph<ReplicaState, Transition> REPLICA = replicaGraph();
  private static final Graph<JobState, Transition> JOB = jobGraph();

  /** The graphs as lookup tables: every transition of every run is checked, so no graph walks. */
  private static final boolean[][] REPLICA_EDGES = table(REPLICA, ReplicaState.values());

  private static final boolean[][] JOB_EDGES = table(JOB, JobState.values());

  private StateGraph() {}

  private static Graph<ReplicaState, Transition> replicaGraph() {
    Graph<ReplicaState, Transition> g = new DefaultDirectedGraph<>(Transition.class);
    for (ReplicaState s : ReplicaState.values()) {
      g.addVertex(s);
    }
    g.addEdge(
        ReplicaState.SCHEDULING, ReplicaState.RUNNING, new Transition("slot placed, launched"));
    g.addEdge(
        ReplicaState.SCHEDULING,
        ReplicaState.CANCELLED,
        new Transition("job terminating or ended"));
    g.addEdge(ReplicaState.RUNNING, ReplicaState.TASK_COMPLETED, new Transition("exit 0"));
    g.addEdge(
        ReplicaState.RUNNING, ReplicaState.FAILING, new Transition("lost / node dead / exit != 0"));
    g.addEdge(
        ReplicaState.RUNNING,
        ReplicaState.SCHEDULING,
        new Transition("group restart (rank 0 lost)"));
    g.addEdge(ReplicaState.RUNNING, ReplicaState.CANCELLED, new Transition("stopped: job ended"));
    g.addEdge(ReplicaState.FAILING, ReplicaState.SCHEDULING, new Transition("restart budget left"));
    g.addEdge(
        ReplicaState.FAILING,
        ReplicaState.FAILED,
        new Transition("budget exhausted / job terminating"));
    return g;
  }

  private static Graph<JobState, Transition> jobGraph() {
    Graph<JobState, Transition> g = new DefaultDirectedGraph<>(Transition.class);
    for (JobState s : JobState.values()) {
      g.addVertex(s);
    }
    g.addEdge(JobState.PENDING, JobState.RUNNING, new Transition("gang placed and launched"));
    g.addEdge(JobState.PENDING, JobState.FAILED, new Transition("start timeout"));
    g.addEdge(JobState.PENDING, JobState.CANCELLED, new Transition("cancel"));
    g.addEdge(JobState.RUNNING, JobState.TERMINATING, new Transition("first replica exit 0"));
    g.addEdge(
        JobState.RUNNING, JobState.FAILED, new Transition("budget exhausted / rendezvous timeout"));
    g.addEdge(JobState.RUNNING, JobState.CANCELLED, new Transition("cancel"));
    g.addEdge(JobState.TERMINATING, JobState.SUCCEEDED, new Transition("no replica running"));
    g.addEdge(JobState.TERMINATING, JobState.CANCELLED, new Transition("cancel"));
    return g;
  }

  /** The replica graph (read-only use). */
  public static Graph<ReplicaState, Transition> replicas() {
    return REPLICA;
  }

  /** The job graph (read-only use). */
  public static Graph<JobState, Transition> jobs() {
    return JOB;
  }

  /** True when a replica may move from {@code from} to {@code to}. */
  public static boolean legal(ReplicaState from, ReplicaState to) {
    return REPLICA_EDGES[from.ordinal()][to.ordinal()];
  }

  /** True when a job may move from {@code from} to {@code to}. */
  public static boolean legal(JobState from, JobState to) {
    return JOB_EDGES[from.ordinal()][to.ordinal()];
  }

  private static <V extends Enum<V>> boolean[][] table(Graph<V, Transition> g, V[] states) {
    boolean[][] t = new boolean[states.length][states.length];
    for (Transition e : g.edgeSet()) {
      t[g.getEdgeSource(e).ordinal()][g.getEdgeTarget(e).ordinal()] = true;
    }
    return t;
  }

  /** Both graphs as one Graphviz DOT document with two clusters. */
  public static String toDot() {
    StringBuilder sb = new StringBuilder();
    sb.append("// Cohort state machines: replicas (command actors) and jobs.\n");
    sb.append("// Render with: cohort explain | dot -Tpng -o states.png\n");
    sb.append(export("replica", REPLICA));
    sb.append(export("job", JOB));
    return sb.toString();
  }

  private static <V extends Enum<V>> String export(String name, Graph<V, Transition> g) {
    DOTExporter<V, Transition> ex = new DOTExporter<>(v -> name + "_" + v.name());
    ex.setGraphIdProvider(() -> name);
    ex.setVertexAttributeProvider(
        v -> {
          Map<String, Attribute> m = new LinkedHashMap<>();
          m.put("label", DefaultAttribute.createAttribute(v.name()));
          return m;
        });
    ex.setEdgeAttributeProvider(
        e -> {
          Map<String, Attribute> m = new LinkedHashMap<>();
          m.put("label", DefaultAttribute.createAttribute(e.label()));
          return m;
        });
    StringWriter w = new StringWriter();
    ex.exportGraph(g, w);
    return w.toString();
  }
}
