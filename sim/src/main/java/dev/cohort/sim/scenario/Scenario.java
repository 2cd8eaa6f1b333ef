package dev.cohort.sim.scenario;

import dev.cohort.sim.gcs.GcsConfig;
import java.util.List;

/**
 * A validated what-if: the cluster and what goes wrong in it, the GCS knobs, the jobs and generated
 * arrivals, the horizon and the seed. Times in µs from the start of the simulation.
 */
public record Scenario(
    String name,
    long seed,
    long horizon,
    GcsConfig gcs,
    ClusterSpec cluster,
    List<ScenarioJob> jobs,
    List<ArrivalSpec> arrivals) {

  public Scenario {
    jobs = List.copyOf(jobs);
    arrivals = List.copyOf(arrivals);
  }

  /** A scenario whose cluster is node groups with scripted and random crashes. */
  public Scenario(
      String name,
      long seed,
      long horizon,
      GcsConfig gcs,
      List<NodeGroupSpec> nodeGroups,
      List<ScriptedFailure> failures,
      List<RandomFailureSpec> randomFailures,
      List<ScenarioJob> jobs,
      List<ArrivalSpec> arrivals) {
    this(
        name,
        seed,
        horizon,
        gcs,
        new ClusterSpec(nodeGroups, failures, randomFailures),
        jobs,
        arrivals);
  }

  /** The declared node groups. */
  public List<NodeGroupSpec> nodeGroups() {
    return cluster.nodeGroups();
  }

  /** The scripted crashes. */
  public List<ScriptedFailure> failures() {
    return cluster.failures();
  }

  /** The random failure processes. */
  public List<RandomFailureSpec> randomFailures() {
    return cluster.randomFailures();
  }

  /** A copy with another seed. */
  public Scenario withSeed(long s) {
    return new Scenario(name, s, horizon, gcs, cluster, jobs, arrivals);
  }

  /** A copy with other jobs (used by the shrinker and the side-by-side examples). */
  public Scenario withJobs(List<ScenarioJob> js) {
    return new Scenario(name, seed, horizon, gcs, cluster, js, arrivals);
  }

  /** A copy with other scripted failures. */
  public Scenario withFailures(List<ScriptedFailure> fs) {
    return withCluster(cluster.withFailures(fs));
  }

  /** A copy with other GCS knobs. */
  public Scenario withGcs(GcsConfig g) {
    return new Scenario(name, seed, horizon, g, cluster, jobs, arrivals);
  }

  /** A copy with another name (variants are named {@code <scenario>/<variant>}). */
  public Scenario withName(String n) {
    return new Scenario(n, seed, horizon, gcs, cluster, jobs, arrivals);
  }

  /** A copy with other arrivals. */
  public Scenario withArrivals(List<ArrivalSpec> as) {
    return new Scenario(name, seed, horizon, gcs, cluster, jobs, as);
  }

  /** A copy with other random failures. */
  public Scenario withRandomFailures(List<RandomFailureSpec> rs) {
    return withCluster(cluster.withRandomFailures(rs));
  }

  /** A copy with other node groups and scripted failures (which name their nodes). */
  public Scenario withNodeGroups(List<NodeGroupSpec> gs, List<ScriptedFailure> fs) {
    return withCluster(cluster.withNodeGroups(gs, fs));
  }

  /** A copy with another cluster. */
  public Scenario withCluster(ClusterSpec c) {
    return new Scenario(name, seed, horizon, gcs, c, jobs, arrivals);
  }

  /** A copy with another horizon. */
  public Scenario withHorizon(long h) {
    return new Scenario(name, seed, h, gcs, cluster, jobs, arrivals);
  }

  /** Total number of declared nodes (excluding rejoins and trace nodes). */
  public int nodeCount() {
    return cluster.nodeCount();
  }
}
