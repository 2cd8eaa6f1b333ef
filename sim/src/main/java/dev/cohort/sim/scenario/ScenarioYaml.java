package dev.cohort.sim.scenario;

import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.Distribution;
import dev.cohort.core.spec.Durations;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.WorkSpec;
import dev.cohort.sim.gcs.GcsConfig;
import dev.cohort.sim.gcs.PgPriority;
import dev.cohort.sim.trace.JobTrace;
import dev.cohort.sim.trace.JobTraceSpec;
import java.util.Map;

/**
 * Writes a {@link Scenario} as a scenario file that {@code cohort simulate} reads back to the same
 * scenario, so a shrunk counterexample can be saved and replayed by hand.
 */
public final class ScenarioYaml {
  private ScenarioYaml() {}

  /** The scenario as YAML text. */
  public static String write(Scenario s) {
    StringBuilder y = new StringBuilder();
    y.append("name: ").append(s.name()).append('\n');
    y.append("seed: ").append(s.seed()).append('\n');
    y.append("horizon: ").append(d(s.horizon())).append('\n');
    if (!s.gcs().equals(GcsConfig.DEFAULTS)) {
      GcsConfig g = s.gcs();
      y.append("gcs:\n");
      y.append("  pgPriority: ")
          .append(g.pgPriority() == PgPriority.FIFO ? "fifo" : "reschedule-first")
          .append('\n');
      y.append("  rescheduleSpin: ").append(g.rescheduleSpin()).append('\n');
      y.append("  detectInfeasible: ").append(g.detectInfeasible()).append('\n');
      y.append("  tick: ").append(d(g.tick())).append('\n');
      y.append("  backoff: { min: ")
          .append(d(g.backoffMin()))
          .append(", multiplier: ")
          .append(g.backoffMultiplier())
          .append(", max: ")
          .append(d(g.backoffMax()))
          .append(" }\n");
      y.append("  commitLatency: ").append(d(g.commitLatency())).append('\n');
      y.append("  healthCheck: { initialDelay: ")
          .append(d(g.healthInitialDelay()))
          .append(", period: ")
          .append(d(g.healthPeriod()))
          .append(", failureThreshold: ")
          .append(g.healthFailureThreshold())
          .append(" }\n");
      y.append("  startLatency: ").append(d(g.startLatency())).append('\n');
      if (!g.elideRetries()) {
        y.append("  elideRetries: false\n");
      }
      y.append("  version: '").append(g.version()).append("'\n");
      y.append("  tieBreak: ")
          .append(g.tieBreak() == dev.cohort.sim.gcs.TieBreak.RANDOM ? "random" : "registration")
          .append('\n');
      dev.cohort.sim.gcs.ActorScheduling a = g.actors();
      y.append("  actors: { policy: ")
          .append(
              a.policy() == dev.cohort.sim.gcs.ActorPolicy.HYBRID ? "hybrid" : "least-resource");
      a.driverNode().ifPresent(n -> y.append(", driverNode: ").append(n));
      y.append(", spreadThreshold: ")
          .append(a.hybrid().spreadThreshold())
          .append(", topKFraction: ")
          .append(a.hybrid().topKFraction())
          .append(", topKAbsolute: ")
          .append(a.hybrid().topKAbsolute())
          .append(", avoidGpuNodes: ")
          .append(a.hybrid().avoidGpuNodes())
          .append(" }\n");
    }
    y.append("cluster:\n");
    if (!s.nodeGroups().isEmpty()) {
      y.append("  nodeGroups:\n");
    }
    for (NodeGroupSpec g : s.nodeGroups()) {
      y.append("    - { name: ")
          .append(g.name())
          .append(", count: ")
          .append(g.count())
          .append(", resources: ")
          .append(res(g.resources()));
      if (!g.labels().isEmpty()) {
        y.append(", labels: ").append(map(g.labels()));
      }
      if (g.joinAt() > 0) {
        y.append(", joinAt: ").append(d(g.joinAt()));
      }
      y.append(" }\n");
    }
    s.cluster()
        .availability()
        .ifPresent(
            t -> {
              y.append("  availabilityTrace: { file: ")
                  .append(quoted(t.file().toAbsolutePath().toString()))
                  .append(", name: ")
                  .append(t.name())
                  .append(", resources: ")
                  .append(res(t.resources()));
              if (!t.labels().isEmpty()) {
                y.append(", labels: ").append(map(t.labels()));
              }
              y.append(" }\n");
            });
    if (!s.failures().isEmpty()) {
      y.append("  failures:\n");
      for (ScriptedFailure f : s.failures()) {
        y.append("    - { at: ").append(d(f.at())).append(", node: ").append(f.node());
        f.downFor().ifPresent(x -> y.append(", downFor: ").append(d(x)));
        if (!f.cause().equals(ScriptedFailure.DEFAULT_CAUSE)) {
          y.append(", name: ").append(f.cause());
        }
        y.append(" }\n");
      }
    }
    if (!s.randomFailures().isEmpty()) {
      y.append("  randomFailures:\n");
      for (RandomFailureSpec r : s.randomFailures()) {
        y.append("    - { mtbf: ")
            .append(r.mtbf() instanceof Distribution.Fixed f ? fixed(f) : dist(r.mtbf()))
            .append(", repair: ")
            .append(dist(r.repair()));
        r.label().ifPresent(l -> y.append(", label: ").append(l));
        if (!r.name().equals(RandomFailureSpec.DEFAULT_NAME)) {
          y.append(", name: ").append(r.name());
        }
        y.append(" }\n");
      }
    }
    if (!s.cluster().maintenance().isEmpty()) {
      y.append("  maintenance:\n");
      for (MaintenanceSpec m : s.cluster().maintenance()) {
        y.append("    - { name: ")
            .append(m.name())
            .append(", every: ")
            .append(dist(m.every()))
            .append(", startAt: ")
            .append(d(m.startAt()))
            .append(", downtime: ")
            .append(d(m.downtime()))
            .append(", checkpointFirst: ")
            .append(m.checkpointFirst())
            .append(" }\n");
      }
    }
    fleet(y, s.cluster().fleet());
    if (!s.jobs().isEmpty()) {
      y.append("jobs:\n");
      for (ScenarioJob j : s.jobs()) {
        y.append("  - { name: ")
            .append(j.spec().name())
            .append(", submitAt: ")
            .append(d(j.submitAt()));
        job(y, j.spec());
        y.append(" }\n");
      }
    }
    if (!s.arrivals().isEmpty()) {
      y.append("arrivals:\n");
      for (ArrivalSpec a : s.arrivals()) {
        if (a.trace().isPresent()) {
          trace(y, a);
          continue;
        }
        y.append("  - { name: ")
            .append(a.name())
            .append(", count: ")
            .append(a.count())
            .append(", startAt: ")
            .append(d(a.startAt()));
        if (a.process() == ArrivalSpec.Process.POISSON) {
          y.append(", process: poisson, ratePerHour: ").append(a.ratePerHour());
        } else {
          y.append(", process: fixed, interval: ").append(d(a.interval()));
        }
        y.append(",\n      job: {");
        StringBuilder jb = new StringBuilder();
        job(jb, a.template());
        y.append(jb.substring(1)).append(" } }\n");
      }
    }
    return y.toString();
  }

  private static void trace(StringBuilder y, ArrivalSpec a) {
    JobTrace t = a.trace().orElseThrow();
    JobTraceSpec ts = t.spec();
    y.append("  - name: ").append(a.name()).append('\n');
    y.append("    startAt: ").append(d(a.startAt())).append('\n');
    y.append("    trace: { file: ")
        .append(quoted(t.path().toAbsolutePath().toString()))
        .append(", columns: { submit: ")
        .append(quoted(ts.submitColumn()));
    ts.durationColumn().ifPresent(c -> y.append(", duration: ").append(quoted(c)));
    ts.gpusColumn().ifPresent(c -> y.append(", gpus: ").append(quoted(c)));
    y.append(" }");
    if (ts.gpusColumn().isPresent()) {
      y.append(", gpusPerReplica: ").append(ts.gpusPerReplica());
    }
    y.append(", window: { from: ").append(d(ts.windowFrom()));
    ts.windowTo().ifPresent(x -> y.append(", to: ").append(d(x)));
    y.append(" }, timeScale: ").append(ts.timeScale());
    if (ts.durationColumn().isPresent()) {
      y.append(", durationScale: ").append(ts.durationScale());
    }
    ts.limit().ifPresent(x -> y.append(", limit: ").append(x));
    y.append(" }\n");
    JobSpec j = a.template();
    StringBuilder jb = new StringBuilder();
    if (ts.gpusColumn().isEmpty()) {
      jb.append(", replicas: { min: ")
          .append(j.replicas().min())
          .append(", max: ")
          .append(j.replicas().max())
          .append(" }");
    }
    jb.append(", resources: ").append(res(j.resources()));
    jb.append(", strategy: ").append(j.strategy().name());
    jb.append(", reservation: ").append(j.reservation().label());
    jb.append(", maxRestarts: ").append(j.maxRestarts());
    j.startTimeout().ifPresent(x -> jb.append(", startTimeout: ").append(d(x)));
    jb.append(", rendezvousTimeout: ").append(d(j.rendezvousTimeout()));
    if (j.scaleUpCountsAsRestart()) {
      jb.append(", scaleUpCountsAsRestart: true");
    }
    if (ts.durationColumn().isEmpty()) {
      j.work().ifPresent(w -> jb.append(", work: ").append(work(w)));
    } else {
      ts.checkpoint()
          .ifPresent(
              c ->
                  jb.append(", work: { checkpointEvery: ")
                      .append(d(c.every()))
                      .append(", checkpointCost: ")
                      .append(d(c.cost()))
                      .append(", restartCost: ")
                      .append(d(c.restartCost()))
                      .append(" }"));
    }
    y.append("    job: {").append(jb.substring(1)).append(" }\n");
  }

  private static String quoted(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static String fixed(Distribution.Fixed f) {
    return "{ distribution: fixed, value: " + d(f.micros()) + " }";
  }

  private static void job(StringBuilder y, JobSpec j) {
    y.append(", replicas: { min: ")
        .append(j.replicas().min())
        .append(", max: ")
        .append(j.replicas().max())
        .append(" }");
    y.append(", resources: ").append(res(j.resources()));
    y.append(", strategy: ").append(j.strategy().name());
    y.append(", reservation: ").append(j.reservation().label());
    y.append(", maxRestarts: ").append(j.maxRestarts());
    j.startTimeout().ifPresent(t -> y.append(", startTimeout: ").append(d(t)));
    y.append(", rendezvousTimeout: ").append(d(j.rendezvousTimeout()));
    if (j.scaleUpCountsAsRestart()) {
      y.append(", scaleUpCountsAsRestart: true");
    }
    j.work().ifPresent(w -> y.append(", work: ").append(work(w)));
    if (!j.roles().isEmpty()) {
      y.append(", roles: [");
      String sep = " ";
      for (dev.cohort.core.spec.Role r : j.roles()) {
        y.append(sep)
            .append("{ name: ")
            .append(r.name())
            .append(", replicas: ")
            .append(r.count())
            .append(", resources: ")
            .append(res(r.resources()));
        if (!r.command().isEmpty()) {
          y.append(", command: [");
          for (int i = 0; i < r.command().size(); i++) {
            y.append(i == 0 ? "" : ", ")
                .append('\'')
                .append(r.command().get(i).replace("'", "''"))
                .append('\'');
          }
          y.append("]");
        }
        if (!r.env().isEmpty()) {
          y.append(", env: ").append(map(r.env()));
        }
        y.append(" }");
        sep = ", ";
      }
      y.append(" ]");
    }
  }

  private static String work(WorkSpec w) {
    if (w instanceof WorkSpec.PerReplica p) {
      return "{ duration: " + dist(p.duration()) + " }";
    }
    WorkSpec.Checkpointed c = (WorkSpec.Checkpointed) w;
    return "{ total: "
        + d(c.total())
        + ", checkpointEvery: "
        + d(c.checkpointEvery())
        + ", checkpointCost: "
        + d(c.checkpointCost())
        + ", restartCost: "
        + d(c.restartCost())
        + " }";
  }

  /** The fleet keys of {@code cluster}, when there are any. */
  private static void fleet(StringBuilder y, FleetSpec f) {
    if (!f.active()) {
      return;
    }
    if (!f.classes().isEmpty()) {
      y.append("  nodeClasses:\n");
      for (FleetSpec.NodeClass c : f.classes()) {
        y.append("    - { name: ")
            .append(c.name())
            .append(", share: ")
            .append(c.share())
            .append(", failureRate: ")
            .append(c.failureRate())
            .append(", healOnRepair: ")
            .append(c.healOnRepair())
            .append(" }\n");
      }
    }
    if (f.ageingPerFailure() > 0) {
      y.append("  ageing: { perFailure: ").append(f.ageingPerFailure()).append(" }\n");
    }
    if (!f.repair().isEmpty()) {
      y.append("  repair:\n");
      for (FleetSpec.RepairStage st : f.repair()) {
        y.append("    - { name: ")
            .append(st.name())
            .append(", duration: ")
            .append(dist(st.duration()))
            .append(", fixes: ")
            .append(st.fixes())
            .append(", falseSuccess: ")
            .append(st.falseSuccess())
            .append(", recurrence: ")
            .append(dist(st.recurrence()))
            .append(" }\n");
      }
    }
    f.retirement()
        .ifPresent(
            r ->
                y.append("  retirement: { policy: failures, count: ")
                    .append(r.failures())
                    .append(", window: ")
                    .append(d(r.window()))
                    .append(" }\n"));
    if (f.pools().cold() > 0) {
      y.append("  pools: { cold: ")
          .append(f.pools().cold())
          .append(", provision: ")
          .append(d(f.pools().provision()))
          .append(" }\n");
    }
    f.avoidance()
        .ifPresent(
            a ->
                y.append("  avoid: { failures: ")
                    .append(a.failures())
                    .append(", window: ")
                    .append(d(a.window()))
                    .append(" }\n"));
    if (f.diagnosis().accuracy() < 1) {
      y.append("  diagnosis: { accuracy: ")
          .append(f.diagnosis().accuracy())
          .append(", reboot: ")
          .append(d(f.diagnosis().reboot()))
          .append(" }\n");
    }
  }

  private static String dist(Distribution x) {
    if (x instanceof Distribution.Fixed f) {
      return d(f.micros());
    } else if (x instanceof Distribution.Exponential e) {
      return "{ distribution: exponential, mean: " + d(e.mean()) + " }";
    } else if (x instanceof Distribution.LogNormal l) {
      return "{ distribution: lognormal, median: " + d(l.median()) + ", sigma: " + l.sigma() + " }";
    } else if (x instanceof Distribution.Weibull w) {
      return "{ distribution: weibull, shape: " + w.shape() + ", scale: " + d(w.scale()) + " }";
    }
    Distribution.Uniform u = (Distribution.Uniform) x;
    return "{ distribution: uniform, min: " + d(u.min()) + ", max: " + d(u.max()) + " }";
  }

  private static String res(Resources r) {
    StringBuilder b = new StringBuilder("{ ");
    for (int i = 0; i < r.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(r.name(i)).append(": ").append(Resources.formatUnits(r.unitsAt(i)));
    }
    return b.append(" }").toString();
  }

  private static String map(Map<String, String> m) {
    StringBuilder b = new StringBuilder("{ ");
    int i = 0;
    for (Map.Entry<String, String> e : m.entrySet()) {
      if (i++ > 0) {
        b.append(", ");
      }
      b.append(e.getKey()).append(": '").append(e.getValue().replace("'", "''")).append('\'');
    }
    return b.append(" }").toString();
  }

  private static String d(long micros) {
    return Durations.format(micros);
  }
}
