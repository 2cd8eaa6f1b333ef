package dev.cohort.testkit;

import dev.cohort.core.placement.PlacementStrategy;
import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.Distribution;
import dev.cohort.core.spec.Durations;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.Reservation;
import dev.cohort.core.spec.WorkSpec;
import dev.cohort.sim.gcs.GcsConfig;
import dev.cohort.sim.scenario.ArrivalSpec;
import dev.cohort.sim.scenario.ClusterSpec;
import dev.cohort.sim.scenario.MaintenanceSpec;
import dev.cohort.sim.scenario.NodeGroupSpec;
import dev.cohort.sim.scenario.RandomFailureSpec;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioJob;
import dev.cohort.sim.scenario.ScriptedFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Domain generators: clusters, jobs, fault schedules and whole scenarios, each seeded and sized.
 * Each family keeps the guarantees its property needs (e.g. faults that heal before a rendezvous
 * timeout) and randomises everything else.
 */
public final class ScenarioGens {
  static final long S = Durations.MICROS_PER_SECOND;
  static final long M = Durations.MICROS_PER_MINUTE;
  static final long H = Durations.MICROS_PER_HOUR;

  private ScenarioGens() {}

  private static long between(UniformRandomProvider rng, long lo, long hi) {
    return lo + (long) (rng.nextDouble() * (hi - lo));
  }

  /** Rounds to whole seconds so written scenarios stay readable. */
  private static long sec(long micros) {
    return Math.max(S, micros / S * S);
  }

  /**
   * The seed thread's family: 3 nodes × 1 CPU; job-1 is a gang of 3 with {@code reservation}
   * running 1h; up to 3 competing 1-CPU jobs arrive later; up to 3 crashes, one at a time, each
   * node back within 8 minutes (well inside the 10 minute rendezvous timeout).
   */
  public static Gen<Scenario> seedFamily(Reservation reservation) {
    return (rng, size) -> {
      List<ScenarioJob> jobs = new ArrayList<>();
      jobs.add(
          new ScenarioJob(
              0,
              JobSpec.builder("job-1")
                  .replicas(3, 3)
                  .reservation(reservation)
                  .maxRestarts(10)
                  .work(new WorkSpec.PerReplica(new Distribution.Fixed(H)))
                  .build()));
      int competitors = rng.nextInt(Math.min(3, size) + 1);
      for (int k = 0; k < competitors; k++) {
        jobs.add(
            new ScenarioJob(
                sec(between(rng, M, 50 * M)),
                JobSpec.builder("job-" + (k + 2))
                    .reservation(
                        rng.nextBoolean() ? Reservation.ACTORS : Reservation.PLACEMENT_GROUP)
                    .work(
                        new WorkSpec.PerReplica(
                            new Distribution.Fixed(sec(between(rng, 10 * M, 2 * H)))))
                    .build()));
      }
      List<ScriptedFailure> faults = new ArrayList<>();
      int n = rng.nextInt(Math.min(3, size) + 1);
      long t = M;
      for (int i = 0; i < n && t < 55 * M; i++) {
        long at = sec(between(rng, t, Math.min(55 * M, t + 20 * M)));
        long down = sec(between(rng, M, 8 * M));
        faults.add(new ScriptedFailure(at, "worker-" + rng.nextInt(3), OptionalLong.of(down)));
        t = at + down + M;
      }
      return new Scenario(
          "seed-family",
          1,
          12 * H,
          GcsConfig.DEFAULTS,
          List.of(new NodeGroupSpec("worker", 3, Resources.of("CPU", 1), new TreeMap<>(), 0)),
          faults,
          List.of(),
          jobs,
          List.of());
    };
  }

  /**
   * The premise of the seed family, for {@link PropertyCheck#assuming}: three 1-CPU nodes, job-1
   * first with a gang of three, every fault healing within 8 minutes, one at a time.
   */
  public static boolean isSeedFamily(Scenario s) {
    if (s.nodeGroups().size() != 1 || s.nodeGroups().get(0).count() != 3 || s.jobs().isEmpty()) {
      return false;
    }
    JobSpec j1 = s.jobs().get(0).spec();
    if (!j1.name().equals("job-1") || j1.replicas().min() != 3 || j1.replicas().max() != 3) {
      return false;
    }
    long free = 0;
    for (ScriptedFailure f : s.failures()) {
      if (f.downFor().isEmpty() || f.downFor().getAsLong() > 8 * M || f.at() < free) {
        return false;
      }
      free = f.at() + f.downFor().getAsLong() + M;
    }
    return true;
  }

  /**
   * Anything goes: 1–3 node groups (CPU, sometimes GPU, racks, late joins), jobs of every strategy,
   * reservation and work model, scripted and random (also rack-wide) failures, and sometimes
   * arrivals. For invariant checking.
   */
  public static Gen<Scenario> anything() {
    return (rng, size) -> {
      int groupsN = 1 + rng.nextInt(3);
      List<NodeGroupSpec> groups = new ArrayList<>();
      int totalNodes = 0;
      for (int g = 0; g < groupsN; g++) {
        int count = 1 + rng.nextInt(Math.max(1, Math.min(8, size)));
        TreeMap<String, Double> res = new TreeMap<>();
        res.put("CPU", (double) (1 + rng.nextInt(8)));
        if (rng.nextInt(3) == 0) {
          res.put("GPU", (double) (1 + rng.nextInt(2)));
        }
        TreeMap<String, String> labels = new TreeMap<>();
        labels.put("rack", "r" + rng.nextInt(2));
        long joinAt = rng.nextInt(4) == 0 ? sec(between(rng, 0, 3 * H)) : 0;
        groups.add(new NodeGroupSpec("g" + g, count, Resources.of(res), labels, joinAt));
        totalNodes += count;
      }
      List<ScenarioJob> jobs = new ArrayList<>();
      int jobsN = 1 + rng.nextInt(Math.max(1, Math.min(5, size)));
      for (int j = 0; j < jobsN; j++) {
        jobs.add(new ScenarioJob(sec(between(rng, 0, 2 * H)), anyJob(rng, "j" + j, totalNodes)));
      }
      List<ScriptedFailure> faults = new ArrayList<>();
      int faultsN = rng.nextInt(Math.max(1, Math.min(6, size)) + 1);
      for (int f = 0; f < faultsN; f++) {
        NodeGroupSpec g = groups.get(rng.nextInt(groups.size()));
        OptionalLong down =
            rng.nextInt(4) == 0
                ? OptionalLong.empty()
                : OptionalLong.of(sec(between(rng, M, 2 * H)));
        faults.add(
            new ScriptedFailure(
                sec(between(rng, 0, 10 * H)), g.nodeName(rng.nextInt(g.count())), down));
      }
      List<RandomFailureSpec> random = new ArrayList<>();
      if (rng.nextInt(3) == 0) {
        random.add(
            new RandomFailureSpec(
                "node-crash",
                new Distribution.Exponential(sec(between(rng, 4 * H, 3 * 24 * H))),
                new Distribution.LogNormal(20 * M, 0.5),
                Optional.empty()));
      }
      if (rng.nextInt(5) == 0) {
        random.add(
            new RandomFailureSpec(
                "rack-outage",
                new Distribution.Exponential(2 * 24 * H),
                new Distribution.Fixed(30 * M),
                Optional.of("rack")));
      }
      List<ArrivalSpec> arrivals = new ArrayList<>();
      if (rng.nextInt(3) == 0) {
        arrivals.add(
            new ArrivalSpec(
                "a",
                ArrivalSpec.Process.POISSON,
                1 + rng.nextInt(4),
                0,
                1 + rng.nextInt(6),
                0,
                anyJob(rng, "a-0", totalNodes)));
      }
      GcsConfig gcs = GcsConfig.DEFAULTS;
      if (rng.nextInt(4) == 0) {
        gcs =
            new GcsConfig(
                rng.nextBoolean()
                    ? dev.cohort.sim.gcs.PgPriority.FIFO
                    : dev.cohort.sim.gcs.PgPriority.RESCHEDULE_FIRST,
                rng.nextBoolean(),
                rng.nextBoolean(),
                S,
                100_000,
                1.5,
                S,
                rng.nextInt(3) * 1000L,
                5 * S,
                3 * S,
                5,
                rng.nextInt(2) * 1000L,
                true,
                dev.cohort.sim.gcs.TieBreak.RANDOM,
                dev.cohort.sim.gcs.ActorScheduling.DEFAULTS,
                "2.39");
        gcs =
            gcs.withTieBreak(
                    rng.nextBoolean()
                        ? dev.cohort.sim.gcs.TieBreak.RANDOM
                        : dev.cohort.sim.gcs.TieBreak.REGISTRATION)
                .withActors(
                    rng.nextBoolean()
                        ? dev.cohort.sim.gcs.ActorScheduling.DEFAULTS
                        : new dev.cohort.sim.gcs.ActorScheduling(
                            dev.cohort.sim.gcs.ActorPolicy.LEAST_RESOURCE,
                            Optional.empty(),
                            dev.cohort.core.placement.HybridPolicy.Settings.RAY_DEFAULTS));
      }
      List<MaintenanceSpec> maintenance = new ArrayList<>();
      if (rng.nextInt(4) == 0) {
        maintenance.add(
            new MaintenanceSpec(
                "maintenance",
                new Distribution.Exponential(sec(between(rng, H, 12 * H))),
                0,
                sec(between(rng, 0, 20 * M)),
                rng.nextBoolean()));
      }
      return new Scenario(
          "anything",
          1,
          24 * H,
          gcs,
          new ClusterSpec(groups, Optional.empty(), faults, random, maintenance),
          jobs,
          arrivals);
    };
  }

  private static JobSpec anyJob(UniformRandomProvider rng, String name, int totalNodes) {
    int min = 1 + rng.nextInt(Math.max(1, Math.min(4, totalNodes)));
    int max = min + rng.nextInt(3);
    TreeMap<String, Double> res = new TreeMap<>();
    res.put("CPU", (double) (1 + rng.nextInt(3)));
    if (rng.nextInt(4) == 0) {
      res.put("GPU", 1.0);
    }
    WorkSpec work =
        rng.nextBoolean()
            ? new WorkSpec.PerReplica(
                rng.nextBoolean()
                    ? new Distribution.Fixed(sec(between(rng, 10 * M, 3 * H)))
                    : new Distribution.Exponential(sec(between(rng, 10 * M, 2 * H))))
            : new WorkSpec.Checkpointed(
                sec(between(rng, H, 6 * H)),
                sec(between(rng, 10 * M, H)),
                sec(between(rng, 0, 3 * M)),
                sec(between(rng, 0, 5 * M)));
    JobSpec.Builder b =
        JobSpec.builder(name)
            .replicas(min, max)
            .resources(Resources.of(res))
            .strategy(PlacementStrategy.values()[rng.nextInt(4)])
            .reservation(rng.nextInt(3) == 0 ? Reservation.ACTORS : Reservation.PLACEMENT_GROUP)
            .maxRestarts(rng.nextInt(5))
            .rendezvousTimeout(sec(between(rng, 2 * M, 30 * M)))
            .scaleUpCountsAsRestart(rng.nextInt(4) == 0)
            .work(work);
    if (rng.nextInt(3) == 0) {
      b.startTimeout(sec(between(rng, 10 * M, 6 * H)));
    }
    return b.build();
  }

  /**
   * Contention at the GCS: a small cluster, bursts of placement-group jobs of mixed gang shapes and
   * strategies that queue for each other, node and rack failures, and random GCS knobs (tick,
   * backoff, spin, priority, infeasibility detection). For checks of the placement-group queue.
   */
  public static Gen<Scenario> contended() {
    return (rng, size) -> {
      int nodes = 2 + rng.nextInt(5);
      List<NodeGroupSpec> groups = new ArrayList<>();
      TreeMap<String, Double> res = new TreeMap<>();
      res.put("CPU", (double) (2 + rng.nextInt(7)));
      if (rng.nextBoolean()) {
        res.put("GPU", 2.0);
      }
      TreeMap<String, String> labels = new TreeMap<>();
      labels.put("rack", "r0");
      groups.add(new NodeGroupSpec("n", nodes, Resources.of(res), labels, 0));
      if (rng.nextBoolean()) {
        groups.add(
            new NodeGroupSpec(
                "late",
                1 + rng.nextInt(2),
                Resources.of(res),
                new TreeMap<>(),
                sec(between(rng, M, 3 * H))));
      }
      List<ArrivalSpec> arrivals = new ArrayList<>();
      int streams = 1 + rng.nextInt(3);
      for (int a = 0; a < streams; a++) {
        int min = 1 + rng.nextInt(Math.min(3, nodes));
        TreeMap<String, Double> need = new TreeMap<>();
        need.put("CPU", (double) (1 + rng.nextInt(3)));
        if (res.containsKey("GPU") && rng.nextBoolean()) {
          need.put("GPU", 1.0);
        }
        JobSpec template =
            JobSpec.builder("t" + a + "-0")
                .replicas(min, min + rng.nextInt(2))
                .resources(Resources.of(need))
                .strategy(PlacementStrategy.values()[rng.nextInt(4)])
                .maxRestarts(rng.nextInt(4))
                .rendezvousTimeout(sec(between(rng, 2 * M, 30 * M)))
                .work(
                    new WorkSpec.PerReplica(
                        new Distribution.Exponential(sec(between(rng, 5 * M, H)))))
                .build();
        boolean burst = rng.nextBoolean();
        arrivals.add(
            new ArrivalSpec(
                "t" + a,
                burst ? ArrivalSpec.Process.FIXED : ArrivalSpec.Process.POISSON,
                burst ? 0 : 4 + rng.nextInt(20),
                burst ? rng.nextInt(3) * S : 0,
                3 + rng.nextInt(5 + 3 * size),
                sec(between(rng, 0, H)),
                template));
      }
      List<RandomFailureSpec> random = new ArrayList<>();
      if (rng.nextBoolean()) {
        random.add(
            new RandomFailureSpec(
                new Distribution.Exponential(sec(between(rng, 2 * H, 2 * 24 * H))),
                new Distribution.Fixed(sec(between(rng, M, 30 * M))),
                rng.nextInt(3) == 0 ? Optional.of("rack") : Optional.empty()));
      }
      long tick = (1 + rng.nextInt(3)) * S;
      long backoffMin = (50 + rng.nextInt(200)) * 1000L;
      GcsConfig gcs =
          new GcsConfig(
              rng.nextBoolean()
                  ? dev.cohort.sim.gcs.PgPriority.FIFO
                  : dev.cohort.sim.gcs.PgPriority.RESCHEDULE_FIRST,
              rng.nextBoolean(),
              rng.nextBoolean(),
              tick,
              backoffMin,
              1 + rng.nextInt(3) * 0.5,
              Math.max(backoffMin, (long) ((0.3 + 3 * rng.nextDouble()) * tick)),
              rng.nextInt(3) * 1000L,
              5 * S,
              3 * S,
              1 + rng.nextInt(5),
              0,
              true,
              dev.cohort.sim.gcs.TieBreak.RANDOM,
              dev.cohort.sim.gcs.ActorScheduling.DEFAULTS,
              "2.39");
      return new Scenario(
          "contended", 1, 12 * H, gcs, groups, List.of(), random, List.of(), arrivals);
    };
  }

  /**
   * Faults, then healing: placement-group jobs whose gangs each fit the cluster, crashes only in
   * the first 4 hours and every crashed node back by then, a long horizon. Every job must end.
   */
  public static Gen<Scenario> faultsThenHealing() {
    return (rng, size) -> {
      int nodes = 2 + rng.nextInt(Math.max(1, Math.min(6, size)));
      int cpu = 1 + rng.nextInt(4);
      List<ScenarioJob> jobs = new ArrayList<>();
      int jobsN = 1 + rng.nextInt(Math.max(1, Math.min(5, size)));
      for (int j = 0; j < jobsN; j++) {
        int per = 1 + rng.nextInt(cpu);
        int min = 1 + rng.nextInt(nodes);
        int max = min + rng.nextInt(3);
        PlacementStrategy strategy = PlacementStrategy.values()[rng.nextInt(4)];
        if (strategy == PlacementStrategy.STRICT_PACK && min * per > cpu) {
          strategy = PlacementStrategy.PACK;
        }
        jobs.add(
            new ScenarioJob(
                sec(between(rng, 0, 3 * H)),
                JobSpec.builder("j" + j)
                    .replicas(min, max)
                    .resources(Resources.of("CPU", per))
                    .strategy(strategy)
                    .maxRestarts(rng.nextInt(6))
                    .work(
                        rng.nextBoolean()
                            ? new WorkSpec.PerReplica(
                                new Distribution.Exponential(sec(between(rng, 10 * M, 2 * H))))
                            : new WorkSpec.Checkpointed(
                                sec(between(rng, H, 4 * H)), 30 * M, M, 2 * M))
                    .build()));
      }
      List<ScriptedFailure> faults = new ArrayList<>();
      int faultsN = rng.nextInt(Math.max(1, Math.min(8, size)) + 1);
      for (int f = 0; f < faultsN; f++) {
        long at = sec(between(rng, 0, 3 * H));
        long down = sec(between(rng, M, 4 * H - at));
        faults.add(new ScriptedFailure(at, "n-" + rng.nextInt(nodes), OptionalLong.of(down)));
      }
      return new Scenario(
          "faults-then-healing",
          1,
          30 * 24 * H,
          GcsConfig.DEFAULTS,
          List.of(new NodeGroupSpec("n", nodes, Resources.of("CPU", cpu), new TreeMap<>(), 0)),
          faults,
          List.of(),
          jobs,
          List.of());
    };
  }

  /**
   * An elastic job on fewer nodes than its max: {@code min} nodes at first, the rest join later
   * (possibly more than needed), no failures; every replica runs long enough to see the joins.
   */
  public static Gen<Scenario> elastic() {
    return (rng, size) -> {
      int min = 1 + rng.nextInt(Math.max(1, Math.min(4, size)));
      int max = min + 1 + rng.nextInt(Math.max(1, Math.min(5, size)));
      int initial = min + rng.nextInt(max - min);
      int late = max - initial + rng.nextInt(3);
      JobSpec job =
          JobSpec.builder("elastic")
              .replicas(min, max)
              .strategy(rng.nextBoolean() ? PlacementStrategy.SPREAD : PlacementStrategy.PACK)
              .reservation(rng.nextInt(3) == 0 ? Reservation.ACTORS : Reservation.PLACEMENT_GROUP)
              .work(
                  rng.nextBoolean()
                      ? new WorkSpec.PerReplica(
                          new Distribution.Fixed(sec(between(rng, 3 * H, 6 * H))))
                      : new WorkSpec.Checkpointed(
                          sec(between(rng, 10 * H, 20 * H)), 30 * M, M, 2 * M))
              .build();
      return new Scenario(
          "elastic",
          1,
          7 * 24 * H,
          GcsConfig.DEFAULTS,
          List.of(
              new NodeGroupSpec("base", initial, Resources.of("CPU", 1), new TreeMap<>(), 0),
              new NodeGroupSpec(
                  "late",
                  late,
                  Resources.of("CPU", 1),
                  new TreeMap<>(),
                  sec(between(rng, 10 * M, H)))),
          List.of(),
          List.of(),
          List.of(new ScenarioJob(0, job)),
          List.of());
    };
  }
}
