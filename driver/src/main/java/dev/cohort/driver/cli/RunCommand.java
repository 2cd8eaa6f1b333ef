package dev.cohort.driver.cli;

import dev.cohort.core.job.JobController;
import dev.cohort.core.job.JobState;
import dev.cohort.core.job.ReplicaState;
import dev.cohort.core.job.TransitionObserver;
import dev.cohort.core.port.JobOutcome;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.Distribution;
import dev.cohort.core.spec.Durations;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.JobSpecParser;
import dev.cohort.core.spec.Location;
import dev.cohort.core.spec.SpecException;
import dev.cohort.core.spec.WorkSpec;
import dev.cohort.driver.local.LocalBackend;
import dev.cohort.driver.ray.RayBackend;
import dev.cohort.driver.runtime.RuntimeLoop;
import dev.cohort.driver.torchx.ActorsJson;
import dev.cohort.sim.gcs.GcsConfig;
import dev.cohort.sim.report.Human;
import dev.cohort.sim.report.Summary;
import dev.cohort.sim.report.SummaryTable;
import dev.cohort.sim.run.JobResult;
import dev.cohort.sim.run.MonteCarlo;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.scenario.NodeGroupSpec;
import dev.cohort.sim.scenario.RandomFailureSpec;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioJob;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cohort run JOB_FILE}: runs a real job with the same controller the simulator uses. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a job for real: each replica a process on this host (backend 'local'),",
      "or a command actor in a Ray placement-group bundle (backend 'ray').",
      "Exit 0 when the job succeeds, 1 when it fails (reason on stderr), 2 for bad input,",
      "130/143 after SIGINT/SIGTERM once every replica process tree is gone."
    })
final class RunCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "JOB_FILE",
      description = "Cohort job file (YAML or JSON)")
  Path file;

  @Option(
      names = "--actors-json",
      paramLabel = "FILE",
      description = "a TorchX actors.json instead of a job file")
  Path actorsJson;

  @Option(
      names = "--backend",
      paramLabel = "NAME",
      description = "local (default) or ray",
      defaultValue = "local")
  String backend;

  @Option(
      names = "--ray-address",
      paramLabel = "ADDR",
      description =
          "with --backend ray: HOST:PORT of a running cluster, or 'local' for Ray's single-process"
              + " mode (default: ${DEFAULT-VALUE})",
      defaultValue = "local")
  String rayAddress;

  @Option(
      names = "--nodes",
      paramLabel = "N",
      description = "virtual nodes (default: the job's max replicas)")
  Integer nodes;

  @Option(
      names = "--node-resources",
      paramLabel = "RES",
      description = "per node, e.g. CPU=4,GPU=1 (default: one replica's resources)")
  String nodeResources;

  @Option(
      names = "--log-dir",
      paramLabel = "DIR",
      description = "replica logs (default: ./cohort-logs/<job>)")
  Path logDir;

  @Option(
      names = "--kill",
      paramLabel = "REPLICA@TIME",
      description = "kill that replica's process tree at that time, e.g. 1@30s (repeatable)")
  List<String> kills = new ArrayList<>();

  @Option(
      names = "--chaos-mtbf",
      paramLabel = "D",
      description = "kill a random running replica at exponential gaps with this mean")
  String chaosMtbf;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "seed for --chaos-mtbf and --dry-run (default: ${DEFAULT-VALUE})",
      defaultValue = "1")
  long seed;

  @Option(
      names = "--stop-grace",
      paramLabel = "D",
      description = "SIGTERM to SIGKILL grace for stopped replicas (default: ${DEFAULT-VALUE})",
      defaultValue = "5s")
  String stopGrace;

  @Option(
      names = "--dry-run",
      description = "simulate this job on the declared nodes instead of launching it")
  boolean dryRun;

  @Option(
      names = "--assume-mtbf",
      paramLabel = "D",
      description = "with --dry-run: mean time between node failures")
  String assumeMtbf;

  @Option(
      names = "--assume-duration",
      paramLabel = "D",
      description = "with --dry-run: how long a replica runs, when the job has no 'work'")
  String assumeDuration;

  @Option(
      names = "--replications",
      paramLabel = "N",
      description = "with --dry-run: runs to simulate (default: ${DEFAULT-VALUE})",
      defaultValue = "200")
  int replications;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private record Kill(int replica, long at) {}

  @Override
  public Integer call() throws Exception {
    if ((file == null) == (actorsJson == null)) {
      throw new UserError("give either JOB_FILE or --actors-json FILE");
    }
    Map<Integer, List<String>> overrides = Map.of();
    JobSpec job;
    String source;
    if (actorsJson != null) {
      ActorsJson.Imported imp = ActorsJson.read(actorsJson);
      job = imp.job();
      overrides = imp.commandOverrides();
      source = actorsJson.toString();
    } else {
      job = JobSpecParser.parseFile(file);
      source = file.toString();
    }
    int n = nodes == null ? job.replicas().max() : nodes;
    if (n < 1 || n > 10_000) {
      throw new UserError("--nodes must be between 1 and 10000, got " + n);
    }
    Resources perNode;
    try {
      perNode = nodeResources == null ? job.resources() : Resources.parse(nodeResources);
    } catch (IllegalArgumentException e) {
      throw new UserError("--node-resources: " + e.getMessage());
    }
    if (dryRun) {
      return dryRun(job, n, perNode);
    }
    if (!backend.equals("local") && !backend.equals("ray")) {
      throw new UserError("--backend " + backend + ": allowed values are local and ray");
    }
    if (job.command().isEmpty()) {
      throw new SpecException(
          Location.ofFile(source),
          "job '"
              + job.name()
              + "' has no 'command'; a real run needs the argv to start, e.g. command: [python, train.py]");
    }
    List<Kill> killPlan = new ArrayList<>();
    for (String k : kills) {
      killPlan.add(parseKill(k, job.replicas().max()));
    }
    long chaos = chaosMtbf == null ? 0 : duration("--chaos-mtbf", chaosMtbf, false);
    long grace = duration("--stop-grace", stopGrace, true);
    Path logs = logDir == null ? Path.of("cohort-logs", job.name()) : logDir;
    if (backend.equals("ray")) {
      if (!killPlan.isEmpty() || chaos > 0 || !overrides.isEmpty()) {
        throw new UserError(
            "--backend ray: --kill, --chaos-mtbf and per-replica commands are local-only for now");
      }
      return launchOnRay(job);
    }
    return launch(job, overrides, n, perNode, logs, killPlan, chaos, grace);
  }

  private int launch(
      JobSpec job,
      Map<Integer, List<String>> overrides,
      int n,
      Resources perNode,
      Path logs,
      List<Kill> killPlan,
      long chaos,
      long grace)
      throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintStream console =
        new PrintStream(
            new java.io.OutputStream() {
              @Override
              public void write(int b) {
                out.write(b);
              }

              @Override
              public void flush() {
                out.flush();
              }
            },
            true,
            java.nio.charset.StandardCharsets.UTF_8);
    RuntimeLoop loop = new RuntimeLoop();
    LocalBackend local =
        new LocalBackend(
            job, new LocalBackend.Config(n, perNode, logs, console, grace / 1000), loop, overrides);
    JobController controller = new JobController(job, statusLines(loop, out));
    for (Kill k : killPlan) {
      loop.later(
          k.at,
          () -> {
            if (local.kill(k.replica)) {
              out.printf(
                  "[cohort] %s injecting a node loss: killing replica %d%n",
                  clock(loop), k.replica);
            }
          });
    }
    if (chaos > 0) {
      scheduleChaos(loop, local, chaos, new Random(seed), out);
    }
    out.printf(
        "[cohort] running job %s: replicas %s on %d local node(s) of %s; logs in %s%n",
        job.name(), job.replicas().nnodes(), n, perNode, logs);
    return supervise(job, loop, local, controller, local::shutdown, local::shutdown);
  }

  private int launchOnRay(JobSpec job) throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    java.util.Set<Path> before = RayBackend.initRay(rayAddress);
    RuntimeLoop loop = new RuntimeLoop();
    RayBackend ray = new RayBackend(job, loop);
    out.printf(
        "[cohort] running job %s on Ray (%s): replicas %s%n",
        job.name(), rayAddress, job.replicas().nnodes());
    return supervise(
        job,
        loop,
        ray,
        new JobController(job, statusLines(loop, out)),
        ray::close,
        () -> {
          ray.close();
          RayBackend.shutdownRay(before);
        });
  }

  /**
   * Runs the loop to the job's end with a signal hook that stops every replica first; reports the
   * outcome. Exit 0 succeeded, 1 otherwise, 143 when a signal already took over.
   */
  private int supervise(
      JobSpec job,
      RuntimeLoop loop,
      dev.cohort.core.port.Backend backend,
      JobController controller,
      Runnable stopAll,
      Runnable cleanUp)
      throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Thread hook =
        new Thread(
            () -> {
              loop.stop();
              stopAll.run();
              err.println("[cohort] interrupted: every replica process tree was stopped");
              err.flush();
            },
            "cohort-signal");
    Runtime.getRuntime().addShutdownHook(hook);
    RuntimeLoop.Outcome o;
    try {
      o = loop.run(controller, backend);
    } finally {
      cleanUp.run();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      return 143; // already shutting down on a signal; the hook reports it
    }
    String summary =
        String.format(
            "job %s %s after %s: %s (restarts %d, replicas started %d)",
            job.name(),
            o.outcome(),
            Human.duration(loop.now() / 1e6),
            o.reason(),
            o.restarts(),
            o.replicasStarted());
    if (o.outcome() == JobOutcome.SUCCEEDED) {
      out.println("[cohort] " + summary);
      out.flush();
      return 0;
    }
    out.flush();
    err.println("cohort: " + summary);
    err.flush();
    return 1;
  }

  private static void scheduleChaos(
      RuntimeLoop loop, LocalBackend local, long mean, Random rnd, PrintWriter out) {
    long gap = Math.max(1, (long) (-Math.log(1 - rnd.nextDouble()) * mean));
    loop.later(
        gap,
        () -> {
          List<Integer> live = local.runningReplicas();
          if (!live.isEmpty()) {
            int r = live.get(rnd.nextInt(live.size()));
            out.printf("[cohort] %s chaos: killing replica %d%n", clock(loop), r);
            local.kill(r);
          }
          scheduleChaos(loop, local, mean, rnd, out);
        });
  }

  private static String clock(RuntimeLoop loop) {
    return String.format(java.util.Locale.ROOT, "t=%.3fs", loop.now() / 1e6);
  }

  private static TransitionObserver statusLines(RuntimeLoop loop, PrintWriter out) {
    return new TransitionObserver() {
      @Override
      public void replica(long at, ReplicaId r, ReplicaState from, ReplicaState to, String why) {
        out.printf("[cohort] %s replica %d %s -> %s (%s)%n", clock(loop), r.index(), from, to, why);
      }

      @Override
      public void job(long at, String job, JobState from, JobState to, String why) {
        out.printf("[cohort] %s job %s %s -> %s (%s)%n", clock(loop), job, from, to, why);
      }
    };
  }

  private Kill parseKill(String k, int max) {
    int at = k.indexOf('@');
    if (at <= 0) {
      throw new UserError("--kill " + k + ": expected REPLICA@TIME, e.g. 1@30s");
    }
    int replica;
    try {
      replica = Integer.parseInt(k.substring(0, at));
    } catch (NumberFormatException e) {
      throw new UserError("--kill " + k + ": the replica must be an index from 0 to " + (max - 1));
    }
    if (replica < 0 || replica >= max) {
      throw new UserError("--kill " + k + ": the replica must be an index from 0 to " + (max - 1));
    }
    return new Kill(replica, duration("--kill " + k, k.substring(at + 1), true));
  }

  private static long duration(String what, String text, boolean zeroOk) {
    long d;
    try {
      d = Durations.parseMicros(text);
    } catch (IllegalArgumentException e) {
      throw new UserError(what + ": " + e.getMessage());
    }
    if (!zeroOk && d == 0) {
      throw new UserError(what + ": must be a positive duration");
    }
    return d;
  }

  private int dryRun(JobSpec job, int n, Resources perNode) {
    PrintWriter out = spec.commandLine().getOut();
    if (replications < 1 || replications > 1_000_000) {
      throw new UserError("--replications must be between 1 and 1000000, got " + replications);
    }
    JobSpec simJob = job;
    if (assumeDuration != null) {
      simJob =
          job.toBuilder()
              .work(
                  new WorkSpec.PerReplica(
                      new Distribution.Fixed(duration("--assume-duration", assumeDuration, false))))
              .build();
    } else if (job.work().isEmpty()) {
      throw new UserError(
          "--dry-run needs the job's 'work' or --assume-duration D to know how long replicas run");
    }
    List<RandomFailureSpec> failures = new ArrayList<>();
    if (assumeMtbf != null) {
      failures.add(
          new RandomFailureSpec(
              new Distribution.Exponential(duration("--assume-mtbf", assumeMtbf, false)),
              new Distribution.Fixed(10 * Durations.MICROS_PER_MINUTE),
              Optional.empty()));
    }
    Scenario s =
        new Scenario(
            job.name() + "-dry-run",
            seed,
            30 * Durations.MICROS_PER_DAY,
            GcsConfig.DEFAULTS,
            List.of(new NodeGroupSpec("local", n, perNode, new TreeMap<>(), 0)),
            List.of(),
            failures,
            List.of(new ScenarioJob(0, simJob)),
            List.of());
    MonteCarlo.Study study =
        MonteCarlo.run(
            s,
            replications,
            seed,
            Runtime.getRuntime().availableProcessors(),
            SimOptions.DEFAULT,
            i -> {});
    JobResult j = study.runs().get(0).job(job.name()); // seed S, already simulated
    out.printf(
        "dry run of job %s on %d node(s) of %s%s; nothing was launched%n",
        job.name(), n, perNode, assumeMtbf == null ? "" : ", node MTBF " + assumeMtbf);
    out.printf(
        "first run: %s, started after %s on %s%n",
        j.status(),
        j.startedAt().map(t -> Human.duration(t / 1e6)).orElse("never"),
        String.join(", ", j.nodes().stream().map(x -> x.orElse("-")).toList()));
    out.print(SummaryTable.render(Summary.of(study)));
    out.flush();
    return 0;
  }
}
