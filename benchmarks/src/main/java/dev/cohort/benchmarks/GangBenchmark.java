package dev.cohort.benchmarks;

import dev.cohort.sim.run.RunResult;
import dev.cohort.sim.run.Simulation;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * One strict gang of {@code replicas} on {@code replicas + 16} nodes with node failures, restarts
 * and a checkpoint every simulated minute, run from {@code benchmarks/scenarios/gang-*.yaml}. A
 * failure touches every replica, but the per-event cost should not grow with the gang.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
@Fork(
    value = 1,
    jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms2g", "-Xmx2g"})
public class GangBenchmark {

  /** The scenario file for a gang of {@code replicas}, as shipped in the jar. */
  public static Scenario scenario(int replicas) {
    String name = "gang-" + replicas + ".yaml";
    try (InputStream in = GangBenchmark.class.getResourceAsStream("/scenarios/" + name)) {
      if (in == null) {
        throw new IllegalStateException("scenarios/" + name + " is not in the benchmarks jar");
      }
      return ScenarioParser.parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Events in one run of the gang of {@code replicas} (the run is deterministic). */
  public static long eventsPerRun(int replicas) {
    return Simulation.run(scenario(replicas)).events();
  }

  @Param({"512", "4096"})
  int replicas;

  Scenario scenario;

  @Setup(Level.Trial)
  public void setUp() {
    scenario = scenario(replicas);
  }

  /** The whole horizon: 120 days for 512 replicas, 30 days for 4,096. */
  @Benchmark
  public RunResult train() {
    return Simulation.run(scenario);
  }
}
