package dev.cohort.testkit;

import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.Distribution;
import dev.cohort.core.spec.Durations;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.WorkSpec;
import dev.cohort.sim.gcs.GcsConfig;
import dev.cohort.sim.scenario.ArrivalSpec;
import dev.cohort.sim.scenario.NodeGroupSpec;
import dev.cohort.sim.scenario.RandomFailureSpec;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioJob;
import dev.cohort.sim.scenario.ScenarioParser;
import dev.cohort.sim.scenario.ScriptedFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Builds a {@link Scenario} in code, typed, instead of YAML text: node groups, jobs, scripted and
 * random failures. Durations are written as in scenario files ({@code "30m"}). Defaults are the
 * scenario file's: seed 1, horizon 7 days, Ray's GCS timings.
 *
 * <pre>{@code
 * Scenario s = ScenarioBuilder.named("rack")
 *     .nodes("gpu", 4, Resources.of("CPU", 8, "GPU", 1))
 *     .job("train", j -> j.replicas(2, 4).resources(Resources.of("GPU", 1)), ScenarioBuilder.hours(10))
 *     .crash("gpu-0", "1h", "10m")
 *     .randomFailures("2d", "1h")
 *     .build();
 * }</pre>
 */
public final class ScenarioBuilder {
  private final String name;
  private long seed = ScenarioParser.DEFAULT_SEED;
  private long horizon = ScenarioParser.DEFAULT_HORIZON;
  private GcsConfig gcs = GcsConfig.DEFAULTS;
  private final List<NodeGroupSpec> groups = new ArrayList<>();
  private final List<ScriptedFailure> failures = new ArrayList<>();
  private final List<RandomFailureSpec> random = new ArrayList<>();
  private final List<ScenarioJob> jobs = new ArrayList<>();
  private final List<ArrivalSpec> arrivals = new ArrayList<>();

  private ScenarioBuilder(String name) {
    this.name = name;
  }

  /** A builder for a scenario called {@code name}. */
  public static ScenarioBuilder named(String name) {
    return new ScenarioBuilder(name);
  }

  /** Work of {@code h} hours shared by the running replicas, never checkpointed. */
  public static WorkSpec hours(double h) {
    return new WorkSpec.PerReplica(
        new Distribution.Fixed(Math.round(h * Durations.MICROS_PER_HOUR)));
  }

  /** Checkpointed work: {@code total} of compute, a checkpoint every {@code every}. */
  public static WorkSpec checkpointed(String total, String every, String cost, String restart) {
    return new WorkSpec.Checkpointed(
        Durations.parseMicros(total),
        Durations.parseMicros(every),
        Durations.parseMicros(cost),
        Durations.parseMicros(restart));
  }

  public ScenarioBuilder seed(long s) {
    this.seed = s;
    return this;
  }

  public ScenarioBuilder horizon(String d) {
    this.horizon = Durations.parseMicros(d);
    return this;
  }

  public ScenarioBuilder gcs(GcsConfig g) {
    this.gcs = g;
    return this;
  }

  /** {@code count} nodes named {@code group-0…} with {@code resources} each. */
  public ScenarioBuilder nodes(String group, int count, Resources resources) {
    return nodes(group, count, resources, Map.of(), "0s");
  }

  /** Nodes with labels (e.g. {@code rack}) joining at {@code joinAt}. */
  public ScenarioBuilder nodes(
      String group, int count, Resources resources, Map<String, String> labels, String joinAt) {
    groups.add(
        new NodeGroupSpec(
            group, count, resources, new TreeMap<>(labels), Durations.parseMicros(joinAt)));
    return this;
  }

  /** A job submitted at time 0; {@code spec} adjusts the defaults of a job file. */
  public ScenarioBuilder job(String name, UnaryOperator<JobSpec.Builder> spec, WorkSpec work) {
    return job(name, "0s", spec, work);
  }

  /** A job submitted at {@code submitAt}. */
  public ScenarioBuilder job(
      String name, String submitAt, UnaryOperator<JobSpec.Builder> spec, WorkSpec work) {
    jobs.add(
        new ScenarioJob(
            Durations.parseMicros(submitAt), spec.apply(JobSpec.builder(name)).work(work).build()));
    return this;
  }

  /** A job as it is. */
  public ScenarioBuilder job(ScenarioJob j) {
    jobs.add(j);
    return this;
  }

  /** Arrivals as they are (see {@link ArrivalSpec}). */
  public ScenarioBuilder arrivals(ArrivalSpec a) {
    arrivals.add(a);
    return this;
  }

  /** Node {@code node} crashes at {@code at} and comes back {@code downFor} later. */
  public ScenarioBuilder crash(String node, String at, String downFor) {
    failures.add(
        new ScriptedFailure(
            Durations.parseMicros(at), node, OptionalLong.of(Durations.parseMicros(downFor))));
    return this;
  }

  /** Node {@code node} crashes at {@code at} for good. */
  public ScenarioBuilder crashForGood(String node, String at) {
    failures.add(new ScriptedFailure(Durations.parseMicros(at), node, OptionalLong.empty()));
    return this;
  }

  /**
   * Every node fails on its own, exponential with mean {@code mtbf}, repaired in {@code repair}.
   */
  public ScenarioBuilder randomFailures(String mtbf, String repair) {
    random.add(
        new RandomFailureSpec(
            new Distribution.Exponential(Durations.parseMicros(mtbf)),
            new Distribution.Fixed(Durations.parseMicros(repair)),
            Optional.empty()));
    return this;
  }

  /** Nodes sharing a value of {@code label} fail together (a rack). */
  public ScenarioBuilder domainFailures(String label, String mtbf, String repair) {
    random.add(
        new RandomFailureSpec(
            label + "-outage",
            new Distribution.Exponential(Durations.parseMicros(mtbf)),
            new Distribution.Fixed(Durations.parseMicros(repair)),
            Optional.of(label)));
    return this;
  }

  /**
   * The scenario, checked as a scenario file would be (it is written out and read back, so it is
   * exactly what {@code cohort simulate} would run from the saved YAML).
   *
   * @throws dev.cohort.core.spec.SpecException naming the field, as for a file
   */
  public Scenario build() {
    Scenario s = new Scenario(name, seed, horizon, gcs, groups, failures, random, jobs, arrivals);
    return ScenarioParser.parse(name + ".yaml", dev.cohort.sim.scenario.ScenarioYaml.write(s));
  }
}
