package dev.cohort.driver.cli;

import dev.cohort.core.job.JobController;
import dev.cohort.core.port.Backend;
import dev.cohort.core.port.FaultInjection;
import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.Distribution;
import dev.cohort.core.spec.Durations;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.JobSpecParser;
import dev.cohort.core.spec.Location;
import dev.cohort.core.spec.SpecException;
import dev.cohort.core.spec.WorkSpec;
import dev.cohort.driver.jobs.JobHome;
import dev.cohort.driver.jobs.JobStatusFile;
import dev.cohort.driver.journal.JournalRecord;
import dev.cohort.driver.journal.JournalRecorder;
import dev.cohort.driver.local.GpuDevices;
import dev.cohort.driver.local.LocalBackend;
import dev.cohort.driver.runtime.FaultPlan;
import dev.cohort.driver.runtime.LaunchCheck;
import dev.cohort.driver.runtime.RuntimeLoop;
import dev.cohort.driver.runtime.Supervisor;
import dev.cohort.driver.torchx.ActorsJson;
import dev.cohort.sim.report.Human;
import dev.cohort.sim.report.Summary;
import dev.cohort.sim.report.SummaryTable;
import dev.cohort.sim.run.JobResult;
import dev.cohort.sim.run.MonteCarlo;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.scenario.DryRunScenario;
import dev.cohort.sim.scenario.Scenario;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cohort run JOB_FILE}: runs a real job with the same controller the simulator uses. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    header = "Run a job for real, locally or on Ray, with the same controller.",
    description = {
      "Each replica is a process on this host (backend 'local') or a command actor in a Ray"
          + " placement-group bundle (backend 'ray'). The run is journaled, so a driver that dies"
          + " can be resumed with --resume; --dry-run simulates the job instead."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "  0:success",
      "  1:the job failed (the reason on stderr), including a program that cannot be launched",
      "  2:bad input: one line 'error: FILE:LINE:COL: field: what is wrong'",
      " 70:internal error or out of memory: one line naming a crash file",
      "130:stopped by Ctrl-C; 143 after SIGTERM (replica process trees are stopped first)"
    },
    sortOptions = false)
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
      description = "local (default) or ray; both run the same controller",
      defaultValue = "local")
  String backend;

  @Option(
      names = "--ray-address",
      paramLabel = "ADDR",
      description =
          "with --backend ray: HOST:PORT of a running cluster (default: $RAY_ADDRESS), or 'local'"
              + " for Ray's single-process mode on this host")
  String rayAddress;

  @Option(
      names = "--gpus",
      paramLabel = "N",
      description =
          "GPUs of this host the local nodes share out (default: found with nvidia-smi -L or"
              + " /proc/driver/nvidia/gpus); each replica gets its own in CUDA_VISIBLE_DEVICES")
  Integer gpuCount;

  @Option(
      names = "--virtual-gpus",
      description =
          "let the local nodes declare GPUs this host does not have (labels only; no"
              + " CUDA_VISIBLE_DEVICES)")
  boolean virtualGpus;

  @Option(
      names = "--detach",
      description =
          "start the driver in the background and return at once (its output goes to the job's"
              + " folder; follow with cohort logs ID -f)")
  boolean detach;

  @Option(names = "--job-id", hidden = true, description = "the id of a detached run")
  String jobId;

  /** How this host's GPUs are found (tests replace it). */
  static java.util.function.Supplier<GpuDevices.Found> gpuDetector = GpuDevices::detect;

  /** Where RAY_ADDRESS is read from (tests replace it). */
  static java.util.function.UnaryOperator<String> environment = System::getenv;

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
      names = "--journal",
      paramLabel = "FILE",
      description = "where the run's journal goes (default: <log dir>/journal.jsonl)")
  Path journal;

  @Option(
      names = "--resume",
      paramLabel = "JOURNAL",
      description =
          "take over the run of this journal after its driver died: adopt the replicas"
              + " still running and continue")
  Path resume;

  @Option(
      names = "--orphan-grace",
      paramLabel = "D",
      description =
          "stop the replicas when no driver has held the run this long"
              + " (default: ${DEFAULT-VALUE})",
      defaultValue = "60s")
  String orphanGrace;

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
      description =
          "with --dry-run: how long a replica runs, when the job has no 'work' (default: 1h)")
  String assumeDuration;

  /** How long a replica runs in a dry run of a job without 'work', unless told: an hour. */
  static final long DEFAULT_DRY_RUN_DURATION = Durations.MICROS_PER_HOUR;

  @Option(
      names = "--assume-repair",
      paramLabel = "D",
      description = "with --dry-run: how long a failed node stays down (default: ${DEFAULT-VALUE})",
      defaultValue = "10m")
  String assumeRepair;

  @Option(
      names = "--horizon",
      paramLabel = "D",
      description = "with --dry-run: how far to simulate (default: ${DEFAULT-VALUE})",
      defaultValue = "30d")
  String horizon;

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
    if (resume != null) {
      if (file != null || actorsJson != null) {
        throw new UserError("--resume takes the job from its journal; give no JOB_FILE");
      }
      return new Resume(this).run();
    }
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
      perNode = nodeResources == null ? largestShape(job) : Resources.parse(nodeResources);
    } catch (IllegalArgumentException e) {
      throw new UserError("--node-resources: " + e.getMessage());
    }
    if (dryRun) {
      return dryRun(job, n, perNode);
    }
    Backends.Factory factory = Backends.get(backend);
    if (factory == null) {
      throw new UserError(
          "--backend "
              + backend
              + ": allowed values are "
              + String.join(" and ", Backends.names()));
    }
    List<String> gpuDevices =
        backend.equals("local") ? localGpus(n, perNode, spec.commandLine().getOut()) : List.of();
    String address = rayAddress;
    if (!backend.equals("ray") && address == null) {
      address = "local";
    }
    if (backend.equals("ray")) {
      if (address == null) {
        address = environment.apply("RAY_ADDRESS");
      }
      if (address == null || address.isBlank()) {
        throw new UserError(
            "--backend ray needs a cluster: give --ray-address HOST:PORT (or set RAY_ADDRESS), or"
                + " --ray-address local for Ray's single-process mode on this host");
      }
    }
    if (job.command().isEmpty()) {
      throw new SpecException(
          Location.ofFile(source),
          "job '"
              + job.name()
              + "' has no 'command'; a real run needs the argv to start, e.g. command: [python, train.py]");
    }
    FaultPlan faults = faultPlan(job);
    long grace = duration("--stop-grace", stopGrace, true);
    long orphans = duration("--orphan-grace", orphanGrace, true);
    String id = jobId != null ? jobId : JobHome.newId(job.name());
    if (!id.matches("[A-Za-z0-9_.-]{1,200}")) {
      throw new UserError("--job-id must be letters, digits, '.', '_' or '-', got '" + id + "'");
    }
    Path logs = (logDir == null ? Path.of("cohort-logs", id) : logDir).toAbsolutePath();
    Path journalFile = (journal == null ? logs.resolve("journal.jsonl") : journal).toAbsolutePath();
    writableDirectory(logs, logDir == null ? "the log directory (see --log-dir)" : "--log-dir");
    if (journalFile.getParent() != null) {
      writableDirectory(journalFile.getParent(), "the directory of --journal");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (detach) {
      return Detach.start(this, id, logs, out);
    }
    String run = UUID.randomUUID().toString();
    Backends.Options options =
        new Backends.Options(
            n, perNode, logs, console(out), grace / 1000, address, overrides, run, gpuDevices);
    if ("local".equals(address) && backend.equals("ray")) {
      out.println(
          "[cohort] notice: Ray single-process mode (--ray-address local): every replica runs on"
              + " this host, not on a cluster");
    }
    Path src = actorsJson != null ? actorsJson : file;
    JournalRecord.Header header =
        new JournalRecord.Header(
            1,
            run,
            new JournalRecord.Source(
                actorsJson != null ? "actors-json" : "job",
                src.toAbsolutePath().toString(),
                Files.readString(src)),
            backend,
            JobRecords.withJobId(options.journaled(orphans / 1000), id),
            System.currentTimeMillis());
    Supervisor supervisor = new Supervisor(out, spec.commandLine().getErr());
    try (JournaledRun journaled = JournaledRun.start(journalFile, header)) {
      RuntimeLoop loop = new RuntimeLoop();
      Backend b = factory.open(job, options, loop);
      JournalRecorder recorder = new JournalRecorder(journaled.journal);
      loop.record(recorder);
      if (b instanceof LocalBackend local) {
        local.onLaunch(recorder);
        journaled.keep(
            Optional.empty(), run, orphans / 1000, grace / 1000, logs.resolve("keeper.log"));
      }
      if (!faults.isEmpty()) {
        if (!(b instanceof FaultInjection target)) {
          b.close();
          throw new UserError(
              "--backend " + backend + " cannot inject faults (--kill, --chaos-mtbf)");
        }
        faults.schedule(loop, target, out);
      }
      out.printf("[cohort] running job %s: %s%n", job.name(), factory.describe(job, options));
      out.printf(
          "[cohort] job id %s (cohort status %s, cohort logs %s -f, cohort cancel %s)%n",
          id, id, id, id);
      out.printf(
          "[cohort] journal %s (resume with: cohort run --resume %s)%n", journalFile, journalFile);
      JobStatusFile status =
          new JobStatusFile(
              JobRecords.initial(id, job, backend, logs, journalFile), spec.commandLine().getErr());
      JobController controller =
          new JobController(job, JobRecords.both(supervisor.statusLines(loop), status));
      watchForCancel(loop, id, job.name(), status);
      return supervisor.run(job, loop, b, () -> loop.run(controller, b), journaled::ended);
    }
  }

  /**
   * Every 250 ms on the loop: writes the job's record if replicas changed, and hands {@code cohort
   * cancel ID} (a marker file) to the controller once.
   */
  static void watchForCancel(RuntimeLoop loop, String id, String job, JobStatusFile status) {
    Path marker = JobHome.cancelMarker(id);
    Runnable[] check = new Runnable[1];
    check[0] =
        () -> {
          status.flush();
          if (Files.exists(marker)) {
            loop.post(new dev.cohort.core.port.ClusterEvent.CancelRequested(loop.now(), job));
          } else {
            loop.later(250_000, check[0]);
          }
        };
    loop.later(250_000, check[0]);
  }

  /**
   * The default shape of a local node: one replica's resources, or with roles the largest amount of
   * each kind any role asks for (so any replica fits any node).
   */
  static Resources largestShape(JobSpec job) {
    if (job.roles().isEmpty()) {
      return job.resources();
    }
    java.util.TreeMap<String, Double> max = new java.util.TreeMap<>();
    for (dev.cohort.core.spec.Role r : job.roles()) {
      for (int i = 0; i < r.resources().size(); i++) {
        String k = r.resources().name(i);
        max.merge(k, r.resources().amount(k), Math::max);
      }
    }
    return Resources.of(max);
  }

  private static String amount(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /**
   * The host GPUs the {@code n} local nodes of {@code perNode} share out: none when they declare
   * none or they are virtual; otherwise the nodes' total must fit the host's GPUs (bad input if
   * not), and the first that many devices are used.
   */
  private List<String> localGpus(int n, Resources perNode, PrintWriter out) {
    double each = perNode.amount("GPU");
    if (each <= 0) {
      return List.of();
    }
    double declared = each * n;
    if (virtualGpus) {
      out.printf(
          "[cohort] notice: --virtual-gpus: the %d local node(s) declare %s GPU(s) in all, but no"
              + " real GPU is assigned (CUDA_VISIBLE_DEVICES is not set)%n",
          n, amount(declared));
      return List.of();
    }
    List<String> host;
    String how;
    if (gpuCount != null) {
      if (gpuCount < 0 || gpuCount > 4096) {
        throw new UserError("--gpus must be between 0 and 4096, got " + gpuCount);
      }
      host = GpuDevices.indices(gpuCount);
      how = "--gpus";
    } else {
      GpuDevices.Found found = gpuDetector.get();
      host = found.indices();
      how = found.how();
    }
    int needed = (int) Math.ceil(declared);
    if (needed > host.size()) {
      throw new UserError(
          String.format(
              "the job needs %s GPU(s) on this host (%d local node(s) of %s GPU) but it has %d"
                  + " (%s); use fewer --nodes, say how many there are with --gpus N, or run"
                  + " without real GPUs with --virtual-gpus",
              amount(declared), n, amount(each), host.size(), how));
    }
    return host.subList(0, needed);
  }

  /**
   * Makes sure {@code dir} exists (creating it) and takes new files, before anything starts: a
   * directory that cannot hold logs is bad input, not a replica failure.
   */
  static void writableDirectory(Path dir, String what) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UserError(what + " " + dir + " is a file, not a directory");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException | SecurityException e) {
      throw new UserError(what + " " + dir + " cannot be created: " + reason(e));
    }
    try {
      Files.delete(Files.createTempFile(dir, ".cohort-probe-", ""));
    } catch (IOException | SecurityException e) {
      throw new UserError(what + " " + dir + " is not writable: " + reason(e));
    }
  }

  private static String reason(Exception e) {
    return e instanceof IOException io ? LaunchCheck.describe(io) : String.valueOf(e.getMessage());
  }

  /** The fault plan of the command line, for a job of {@code maxReplicas}. */
  FaultPlan faultPlanFor(JobSpec job) {
    return faultPlan(job);
  }

  long durationOf(String what, String text, boolean zeroOk) {
    return duration(what, text, zeroOk);
  }

  CommandLine.Model.CommandSpec commandSpec() {
    return spec;
  }

  static PrintStream consoleOf(PrintWriter out) {
    return console(out);
  }

  private FaultPlan faultPlan(JobSpec job) {
    List<FaultPlan.Kill> plan = new ArrayList<>();
    for (String k : kills) {
      try {
        plan.add(FaultPlan.parseKill(k, job.replicas().max()));
      } catch (IllegalArgumentException e) {
        throw new UserError("--kill " + k + ": " + e.getMessage());
      }
    }
    long chaos = chaosMtbf == null ? 0 : duration("--chaos-mtbf", chaosMtbf, false);
    return new FaultPlan(plan, chaos, seed);
  }

  private static PrintStream console(PrintWriter out) {
    return new PrintStream(
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
      // The documented default model: every replica runs an hour and exits 0.
      simJob =
          job.toBuilder()
              .work(new WorkSpec.PerReplica(new Distribution.Fixed(DEFAULT_DRY_RUN_DURATION)))
              .build();
      out.println(
          "[cohort] the job has no 'work' and no --assume-duration was given: assuming each"
              + " replica runs 1h and exits 0");
    }
    out.println("would launch:");
    for (int i = 0; i < job.replicas().max(); i++) {
      out.printf(
          "  r%d%s %s: %s%s%n",
          i,
          job.roleOf(i) == null ? "" : " (" + job.roleOf(i).name() + ")",
          job.resourcesOf(i),
          job.commandOf(i).isEmpty() ? "(no command)" : String.join(" ", job.commandOf(i)),
          job.envOf(i).isEmpty() ? "" : "  env " + job.envOf(i));
    }
    DryRunScenario.Assumptions assumed =
        new DryRunScenario.Assumptions(
            n,
            perNode,
            assumeMtbf == null
                ? Optional.empty()
                : Optional.of(duration("--assume-mtbf", assumeMtbf, false)),
            duration("--assume-repair", assumeRepair, false),
            duration("--horizon", horizon, false));
    Scenario s = DryRunScenario.of(simJob, seed, assumed);
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
        "dry run of job %s on %d node(s) of %s%s over %s; nothing was launched%n",
        job.name(),
        n,
        perNode,
        assumeMtbf == null
            ? ""
            : ", node MTBF " + assumeMtbf + " (down " + assumeRepair + " per failure)",
        horizon);
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
