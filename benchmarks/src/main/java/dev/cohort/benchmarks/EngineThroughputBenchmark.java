package dev.cohort.benchmarks;

import dev.cohort.sim.run.RunResult;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.run.Simulation;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioParser;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
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

/**
 * Events per second of the whole simulator on a 10,000-node cluster with random failures and a few
 * hundred elastic jobs, next to a raw {@link PriorityQueue} push/pop loop over the same number of
 * events (the practical limit of any event loop), measured in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class EngineThroughputBenchmark {

  /** The scenario: 10,000 nodes, failures, 300 elastic jobs, one simulated day. */
  public static final String SCENARIO =
      """
      name: engine-10k
      seed: 1
      horizon: 1d
      cluster:
        nodeGroups:
          - { name: a, count: 5000, resources: { CPU: 32, GPU: 8 }, labels: { rack: a } }
          - { name: b, count: 5000, resources: { CPU: 32, GPU: 8 }, labels: { rack: b } }
        randomFailures: { mtbf: 30d, repair: { median: 1h, sigma: 0.7 } }
      arrivals:
        - name: train
          process: poisson
          ratePerHour: 20
          count: 300
          job:
            replicas: { min: 8, max: 64 }
            resources: { GPU: 8 }
            rendezvousTimeout: 30m
            work: { total: 200h, checkpointEvery: 30m, checkpointCost: 1m, restartCost: 3m }
      """;

  Scenario scenario;
  long eventsPerRun;
  long[] times;

  @Setup(Level.Trial)
  public void setUp() {
    scenario = ScenarioParser.parse("engine-10k.yaml", SCENARIO);
    eventsPerRun = Simulation.run(scenario, 1, SimOptions.DEFAULT).events();
    SplittableRandom r = new SplittableRandom(1);
    times = new long[(int) eventsPerRun];
    for (int i = 0; i < times.length; i++) {
      times[i] = r.nextLong(86_400_000_000L);
    }
  }

  /** One whole simulated day. */
  @Benchmark
  public RunResult simulateDay() {
    return Simulation.run(scenario, 1, SimOptions.DEFAULT);
  }

  /** The same number of events through a bare priority queue: each pushed once, popped once. */
  @Benchmark
  public long priorityQueueBaseline() {
    PriorityQueue<long[]> q = new PriorityQueue<>(1024, (a, b) -> Long.compare(a[0], b[0]));
    long sum = 0;
    // Keep the queue about as full as the simulator's: push two, pop one, then drain.
    int i = 0;
    while (i < times.length) {
      q.add(new long[] {times[i++]});
      if (i < times.length) {
        q.add(new long[] {times[i++]});
      }
      sum += q.poll()[0];
    }
    while (!q.isEmpty()) {
      sum += q.poll()[0];
    }
    return sum;
  }
}
