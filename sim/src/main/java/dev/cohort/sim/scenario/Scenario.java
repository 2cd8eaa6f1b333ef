package dev.cohort.sim.scenario;

import dev.cohort.sim.gcs.GcsConfig;
import java.util.List;

/**
 * A validated what-if: the cluster, its failures, the GCS knobs, the jobs and generated arrivals,
 * the horizon and the seed. Times in µs from the start of the simulation.
 */
public record Scenario(
    String name,
    long seed,
    long horizon,
    GcsConfig gcs,
    List<NodeGroupSpec> nodeGroups,
    List<ScriptedFailure> failures,
    List<RandomFailureSpec> randomFailures,
    List<ScenarioJob> jobs,
    List<ArrivalSpec> arrivals) {

  public Scenario {
    nodeGroups = List.copyOf(nodeGroups);
    failures = List.copyOf(failures);
    randomFailures = List.copyOf(randomFailures);
    jobs = List.copyOf(jobs);
    arrivals = List.copyOf(arrivals);
  }

  /** A copy with another seed. */
  public Scenario withSeed(long s) {
    return new Scenario(
        name, s, horizon, gcs, nodeGroups, failures, randomFailures, jobs, arrivals);
  }

  /** A copy with other jobs (used by the shrinker and the side-by-side examples). */
  public Scenario withJobs(List<ScenarioJob> js) {
    return new Scenario(
        name, seed, horizon, gcs, nodeGroups, failures, randomFailures, js, arrivals);
  }

  /** A copy with other scripted failures. */
  public Scenario withFailures(List<ScriptedFailure> fs) {
    return new Scenario(name, seed, horizon, gcs, nodeGroups, fs, randomFailures, jobs, arrivals);
  }

  /** A copy with other GCS knobs. */
  public Scenario withGcs(GcsConfig g) {
    return new Scenario(
        name, seed, horizon, g, nodeGroups, failures, randomFailures, jobs, arrivals);
  }

  /** A copy with another name (variants are named {@code <scenario>/<variant>}). */
  public Scenario withName(String n) {
    return new Scenario(
        n, seed, horizon, gcs, nodeGroups, failures, randomFailures, jobs, arrivals);
  }

  /** A copy with other arrivals. */
  public Scenario withArrivals(List<ArrivalSpec> as) {
    return new Scenario(name, seed, horizon, gcs, nodeGroups, failures, randomFailures, jobs, as);
  }

  /** A copy with other random failures. */
  public Scenario withRandomFailures(List<RandomFailureSpec> rs) {
    return new Scenario(name, seed, horizon, gcs, nodeGroups, failures, rs, jobs, arrivals);
  }

  /** A copy with other node groups and scripted failures (which name their nodes). */
  public Scenario withNodeGroups(List<NodeGroupSpec> gs, List<ScriptedFailure> fs) {
    return new Scenario(name, seed, horizon, gcs, gs, fs, randomFailures, jobs, arrivals);
  }

  /** Total number of nodes that ever register (excluding rejoins). */
  public int nodeCount() {
    return nodeGroups.stream().mapToInt(NodeGroupSpec::count).sum();
  }
}
