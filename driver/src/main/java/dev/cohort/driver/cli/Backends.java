package dev.cohort.driver.cli;

import dev.cohort.core.port.Backend;
import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.driver.journal.JournalOptions;
import dev.cohort.driver.local.LocalBackend;
import dev.cohort.driver.ray.RayBackend;
import dev.cohort.driver.ray.RayJavaClient;
import dev.cohort.driver.runtime.RuntimeLoop;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The backends {@code cohort run --backend NAME} can use, by name. */
final class Backends {
  private Backends() {}

  /**
   * Everything a backend may need to open.
   *
   * @param nodes virtual nodes (local)
   * @param nodeResources resources of each virtual node (local)
   * @param logDir where replica logs go (local)
   * @param console where replica output is echoed (local)
   * @param stopGraceMillis SIGTERM to SIGKILL grace when a replica is stopped
   * @param rayAddress {@code HOST:PORT} of a Ray cluster, or {@code local} (ray)
   * @param commandOverrides argv per replica index where it differs from the job's
   * @param run the run's id (local replicas carry it as COHORT_RUN)
   * @param gpuDevices the host GPUs the local nodes share out (empty: none, or virtual GPUs)
   */
  record Options(
      int nodes,
      Resources nodeResources,
      Path logDir,
      PrintStream console,
      long stopGraceMillis,
      String rayAddress,
      Map<Integer, List<String>> commandOverrides,
      String run,
      List<String> gpuDevices) {

    /** What the journal keeps of these options (what a resume needs). */
    Map<String, String> journaled(long orphanGraceMillis) {
      Map<String, String> m = new java.util.TreeMap<>();
      m.put("nodes", Integer.toString(nodes));
      m.put("nodeResourceUnits", JournalOptions.units(nodeResources));
      m.put("logDir", logDir.toString());
      m.put("stopGraceMillis", Long.toString(stopGraceMillis));
      m.put("orphanGraceMillis", Long.toString(orphanGraceMillis));
      m.put("rayAddress", rayAddress);
      m.put("gpuDevices", String.join(",", gpuDevices));
      return m;
    }
  }

  /** Opens a backend for one job. */
  @FunctionalInterface
  interface Factory {
    Backend open(JobSpec job, Options o, RuntimeLoop loop);

    /** What the run prints before it starts. */
    default String describe(JobSpec job, Options o) {
      return "";
    }
  }

  private static final Map<String, Factory> BY_NAME = new LinkedHashMap<>();

  static {
    BY_NAME.put(
        "local",
        new Factory() {
          @Override
          public Backend open(JobSpec job, Options o, RuntimeLoop loop) {
            return new LocalBackend(
                job,
                new LocalBackend.Config(
                    o.nodes(),
                    o.nodeResources(),
                    o.logDir(),
                    o.console(),
                    o.stopGraceMillis(),
                    o.run(),
                    o.gpuDevices()),
                loop,
                o.commandOverrides());
          }

          @Override
          public String describe(JobSpec job, Options o) {
            return String.format(
                "replicas %s on %d local node(s) of %s%s; logs in %s",
                job.replicas().nnodes(),
                o.nodes(),
                o.nodeResources(),
                o.gpuDevices().isEmpty() ? "" : " (GPUs " + String.join(",", o.gpuDevices()) + ")",
                o.logDir());
          }
        });
    BY_NAME.put(
        "ray",
        new Factory() {
          @Override
          public Backend open(JobSpec job, Options o, RuntimeLoop loop) {
            return new RayBackend(
                job,
                loop,
                RayJavaClient.connect(o.rayAddress()),
                new RayBackend.Config(o.stopGraceMillis(), o.commandOverrides(), true));
          }

          @Override
          public String describe(JobSpec job, Options o) {
            return String.format(
                "replicas %s on Ray (%s)", job.replicas().nnodes(), o.rayAddress());
          }
        });
  }

  /** The names, in the order help shows them. */
  static Set<String> names() {
    return BY_NAME.keySet();
  }

  /** The factory for {@code name}, or null. */
  static Factory get(String name) {
    return BY_NAME.get(name);
  }
}
