package dev.cohort.benchmarks;

import dev.cohort.core.placement.Bundle;
import dev.cohort.core.placement.BundlePlacer;
import dev.cohort.core.placement.ClusterState;
import dev.cohort.core.placement.PlacementResult;
import dev.cohort.core.placement.PlacementStrategy;
import dev.cohort.core.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One placement decision for an 8-bundle group by each strategy, against clusters of 100 to 100,000
 * nodes whose nodes are partly used (six distinct free-resource vectors, seeded).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class PlacementBenchmark {
  @Param({"100", "1000", "10000", "100000"})
  int nodes;

  @Param({"PACK", "SPREAD", "STRICT_PACK", "STRICT_SPREAD"})
  PlacementStrategy strategy;

  ClusterState cluster;
  List<Bundle> bundles;

  @Setup
  public void setUp() {
    cluster = new ClusterState();
    SplittableRandom r = new SplittableRandom(42);
    Resources total = Resources.of("CPU", 64, "GPU", 8);
    for (int i = 0; i < nodes; i++) {
      cluster.addNode(i, "n" + i, total);
      int used = r.nextInt(6); // 0..5 GPUs busy: six distinct free vectors
      if (used > 0) {
        cluster.acquire(i, Resources.of("CPU", 8.0 * used, "GPU", used));
      }
    }
    bundles = new ArrayList<>();
    for (int b = 0; b < 8; b++) {
      bundles.add(new Bundle(b, Resources.of("CPU", 8, "GPU", 1)));
    }
  }

  @Benchmark
  public PlacementResult place() {
    return BundlePlacer.place(cluster, bundles, strategy);
  }
}
