package dev.cohort.benchmarks;

import dev.cohort.core.job.JobController;
import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.Command;
import dev.cohort.core.port.NodeRef;
import dev.cohort.core.port.PgId;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.Distribution;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.WorkSpec;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.run.Simulation;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioParser;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The controller's cost per event, and Monte Carlo replications per second of a mid-size study. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ControllerBenchmark {
  JobController controller;
  int attempt;
  Scenario midSize;

  @Setup(Level.Iteration)
  public void setUp() {
    JobSpec spec =
        JobSpec.builder("bench")
            .replicas(8, 8)
            .resources(Resources.of("GPU", 1))
            .maxRestarts(Integer.MAX_VALUE)
            .work(new WorkSpec.PerReplica(new Distribution.Fixed(3_600_000_000L)))
            .build();
    controller = new JobController(spec);
    controller.submit(0);
    Map<Integer, NodeRef> nodes = new TreeMap<>();
    for (int i = 0; i < 8; i++) {
      nodes.put(i, new NodeRef("n" + i, "h" + i, 0));
    }
    controller.handle(new ClusterEvent.PlacementGroupPlaced(1, new PgId("bench", 0), nodes));
    attempt = 0;
    midSize =
        ScenarioParser.parse(
            "mid.yaml",
            EngineThroughputBenchmark.SCENARIO
                .replace("count: 5000", "count: 50")
                .replace("count: 300", "count: 40")
                .replace("max: 64", "max: 16"));
  }

  /** A non-zero exit of replica 7 (not rank 0): fail, restart budget, relaunch in its slot. */
  @Benchmark
  public List<Command> handleFailureAndRestart() {
    List<Command> out =
        controller.handle(new ClusterEvent.ReplicaExited(2, new ReplicaId("bench", 7), attempt, 1));
    attempt++;
    return out;
  }

  /** One replication of a 100-node, one-day study with failures and 40 elastic jobs. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Object monteCarloReplication() {
    return Simulation.run(midSize, 1, SimOptions.DEFAULT);
  }
}
