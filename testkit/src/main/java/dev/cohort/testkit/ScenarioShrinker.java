package dev.cohort.testkit;

import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.Distribution;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.WorkSpec;
import dev.cohort.sim.scenario.NodeGroupSpec;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioJob;
import dev.cohort.sim.scenario.ScriptedFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Simplifies a failing scenario, biggest cuts first: drop arrivals, jobs, scripted and random
 * failures, maintenance, node groups and nodes; then shrink replica counts, put rarely relevant job
 * fields back to their defaults (start timeout, rendezvous timeout, restart budget), simplify
 * resources to one unit, round fault times to whole minutes and halve durations. Names of surviving
 * jobs and nodes are kept, so the shrunk file still reads like the original.
 */
public final class ScenarioShrinker implements Shrinker<Scenario> {

  @Override
  public List<Scenario> candidates(Scenario s) {
    List<Scenario> out = new ArrayList<>();
    for (int i = 0; i < s.arrivals().size(); i++) {
      List<dev.cohort.sim.scenario.ArrivalSpec> a = new ArrayList<>(s.arrivals());
      a.remove(i);
      out.add(s.withArrivals(a));
    }
    for (int i = s.jobs().size() - 1; i >= 0; i--) {
      if (s.jobs().size() + s.arrivals().size() > 1) {
        List<ScenarioJob> js = new ArrayList<>(s.jobs());
        js.remove(i);
        out.add(s.withJobs(js));
      }
    }
    for (int i = s.failures().size() - 1; i >= 0; i--) {
      List<ScriptedFailure> fs = new ArrayList<>(s.failures());
      fs.remove(i);
      out.add(s.withFailures(fs));
    }
    for (int i = 0; i < s.randomFailures().size(); i++) {
      List<dev.cohort.sim.scenario.RandomFailureSpec> r = new ArrayList<>(s.randomFailures());
      r.remove(i);
      out.add(s.withRandomFailures(r));
    }
    for (int i = 0; i < s.cluster().maintenance().size(); i++) {
      List<dev.cohort.sim.scenario.MaintenanceSpec> m = new ArrayList<>(s.cluster().maintenance());
      m.remove(i);
      out.add(s.withCluster(s.cluster().withMaintenance(m)));
    }
    for (int g = 0; g < s.nodeGroups().size(); g++) {
      NodeGroupSpec grp = s.nodeGroups().get(g);
      if (s.nodeGroups().size() > 1) {
        List<NodeGroupSpec> gs = new ArrayList<>(s.nodeGroups());
        gs.remove(g);
        out.add(withGroups(s, gs));
      }
      if (grp.count() > 1) {
        List<NodeGroupSpec> gs = new ArrayList<>(s.nodeGroups());
        gs.set(
            g,
            new NodeGroupSpec(
                grp.name(), grp.count() - 1, grp.resources(), grp.labels(), grp.joinAt()));
        out.add(withGroups(s, gs));
      }
    }
    for (int i = 0; i < s.jobs().size(); i++) {
      ScenarioJob j = s.jobs().get(i);
      JobSpec spec = j.spec();
      int min = spec.replicas().min();
      int max = spec.replicas().max();
      if (max > min) {
        out.add(
            replaceJob(
                s,
                i,
                new ScenarioJob(j.submitAt(), spec.toBuilder().replicas(min, max - 1).build())));
      }
      if (min > 1) {
        out.add(
            replaceJob(
                s,
                i,
                new ScenarioJob(
                    j.submitAt(), spec.toBuilder().replicas(min - 1, max - 1).build())));
      }
      // Fields that rarely matter go back to their defaults, so the story is not buried in noise.
      if (spec.startTimeout().isPresent()) {
        out.add(replaceJob(s, i, new ScenarioJob(j.submitAt(), withoutStartTimeout(spec))));
      }
      if (spec.rendezvousTimeout() != JobSpec.DEFAULT_RENDEZVOUS_TIMEOUT) {
        out.add(
            replaceJob(
                s,
                i,
                new ScenarioJob(
                    j.submitAt(),
                    spec.toBuilder()
                        .rendezvousTimeout(JobSpec.DEFAULT_RENDEZVOUS_TIMEOUT)
                        .build())));
      }
      if (spec.maxRestarts() != JobSpec.DEFAULT_MAX_RESTARTS) {
        out.add(
            replaceJob(
                s,
                i,
                new ScenarioJob(
                    j.submitAt(),
                    spec.toBuilder().maxRestarts(JobSpec.DEFAULT_MAX_RESTARTS).build())));
      }
      if (spec.resources().size() == 1 && spec.resources().amount(spec.resources().name(0)) > 1) {
        out.add(
            replaceJob(
                s,
                i,
                new ScenarioJob(
                    j.submitAt(),
                    spec.toBuilder()
                        .resources(Resources.of(spec.resources().name(0), 1))
                        .build())));
      }
      if (spec.resources().size() > 1) {
        out.add(
            replaceJob(
                s,
                i,
                new ScenarioJob(
                    j.submitAt(), spec.toBuilder().resources(Resources.of("CPU", 1)).build())));
      }
      if (j.submitAt() > 0) {
        out.add(replaceJob(s, i, new ScenarioJob(j.submitAt() / 2 / 1_000_000 * 1_000_000, spec)));
      }
      if (spec.work().orElse(null) instanceof WorkSpec.PerReplica p
          && !(p.duration() instanceof Distribution.Fixed)) {
        out.add(
            replaceJob(
                s,
                i,
                new ScenarioJob(
                    j.submitAt(),
                    spec.toBuilder()
                        .work(
                            new WorkSpec.PerReplica(
                                new Distribution.Fixed(
                                    Math.max(
                                        1_000_000,
                                        (long) p.duration().meanMicros() / 1_000_000 * 1_000_000))))
                        .build())));
      }
    }
    for (int i = 0; i < s.failures().size(); i++) {
      ScriptedFailure f = s.failures().get(i);
      long minute = 60_000_000L;
      if (f.at() >= minute && f.at() % minute != 0) {
        List<ScriptedFailure> fs = new ArrayList<>(s.failures());
        fs.set(i, new ScriptedFailure(f.at() / minute * minute, f.node(), f.downFor(), f.cause()));
        out.add(s.withFailures(fs));
      }
      if (f.downFor().isPresent() && f.downFor().getAsLong() > 2_000_000) {
        List<ScriptedFailure> fs = new ArrayList<>(s.failures());
        fs.set(
            i,
            new ScriptedFailure(
                f.at(),
                f.node(),
                OptionalLong.of(f.downFor().getAsLong() / 2 / 1_000_000 * 1_000_000),
                f.cause()));
        out.add(s.withFailures(fs));
      }
    }
    return out;
  }

  private static JobSpec withoutStartTimeout(JobSpec j) {
    return new JobSpec(
        j.name(),
        j.replicas(),
        j.resources(),
        j.strategy(),
        j.reservation(),
        j.maxRestarts(),
        OptionalLong.empty(),
        j.rendezvousTimeout(),
        j.scaleUpCountsAsRestart(),
        j.command(),
        j.env(),
        j.work(),
        j.roles());
  }

  private static Scenario replaceJob(Scenario s, int i, ScenarioJob j) {
    List<ScenarioJob> js = new ArrayList<>(s.jobs());
    js.set(i, j);
    return s.withJobs(js);
  }

  /** New node groups; failures naming nodes that no longer exist are dropped. */
  private static Scenario withGroups(Scenario s, List<NodeGroupSpec> gs) {
    java.util.Set<String> traceNodes = new java.util.HashSet<>();
    s.cluster().availability().ifPresent(t -> traceNodes.addAll(List.of(t.node())));
    List<ScriptedFailure> fs = new ArrayList<>();
    for (ScriptedFailure f : s.failures()) {
      if (traceNodes.contains(f.node())) {
        fs.add(f);
        continue;
      }
      for (NodeGroupSpec g : gs) {
        for (int k = 0; k < g.count(); k++) {
          if (g.nodeName(k).equals(f.node())) {
            fs.add(f);
          }
        }
      }
    }
    return s.withNodeGroups(gs, fs);
  }
}
