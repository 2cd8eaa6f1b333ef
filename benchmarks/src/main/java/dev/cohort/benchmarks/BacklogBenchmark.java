package dev.cohort.benchmarks;

import dev.cohort.sim.run.RunResult;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.run.Simulation;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioParser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A burst of {@code jobs} two-replica gangs submitted at once to 100 eight-CPU nodes: the GCS queue
 * starts {@code jobs} deep and drains 50 gangs an hour. Cost per event should not depend on the
 * depth, so events per second at 64,000 jobs should stay within a factor of two of 1,000 jobs.
 * {@code benchmarks/scenarios/backlog-16000.yaml} is the same shape for timing from the CLI.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
@Fork(
    value = 1,
    jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms2g", "-Xmx2g"})
public class BacklogBenchmark {

  /** The scenario for a backlog of {@code jobs} gangs. */
  public static String scenario(int jobs) {
    return """
        name: backlog-%d
        seed: 1
        cluster:
          nodeGroups: [ { name: n, count: 100, resources: { CPU: 8 } } ]
        arrivals:
          - { name: b, process: fixed, interval: 0s, count: %d,
              job: { replicas: { min: 2, max: 2 }, resources: { CPU: 8 }, work: { duration: 1h } } }
        """
        .formatted(jobs, jobs);
  }

  /** Events in one run of the backlog of {@code jobs} gangs (the run is deterministic). */
  public static long eventsPerRun(int jobs) {
    return Simulation.run(parse(jobs), 1, SimOptions.DEFAULT).events();
  }

  private static Scenario parse(int jobs) {
    return ScenarioParser.parse("backlog-" + jobs + ".yaml", scenario(jobs));
  }

  @Param({"1000", "4000", "16000", "64000"})
  int jobs;

  Scenario scenario;

  @Setup(Level.Trial)
  public void setUp() {
    scenario = parse(jobs);
  }

  /**
   * The burst and seven simulated days of draining it (about 8,400 gangs fit in the horizon, so the
   * deeper backlogs are still queued at the end, which is the point).
   */
  @Benchmark
  public RunResult drain() {
    return Simulation.run(scenario, 1, SimOptions.DEFAULT);
  }
}
