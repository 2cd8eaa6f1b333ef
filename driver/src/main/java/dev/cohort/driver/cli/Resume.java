package dev.cohort.driver.cli;

import dev.cohort.core.job.JobController;
import dev.cohort.core.job.JobState;
import dev.cohort.core.job.ReplicaState;
import dev.cohort.core.job.TransitionObserver;
import dev.cohort.core.port.Command;
import dev.cohort.core.port.JobOutcome;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.driver.jobs.JobStatusFile;
import dev.cohort.driver.journal.JobSource;
import dev.cohort.driver.journal.JournalOptions;
import dev.cohort.driver.journal.JournalReader;
import dev.cohort.driver.journal.JournalRecord;
import dev.cohort.driver.journal.JournalRecorder;
import dev.cohort.driver.journal.Replay;
import dev.cohort.driver.local.LocalBackend;
import dev.cohort.driver.runtime.FaultPlan;
import dev.cohort.driver.runtime.RuntimeLoop;
import dev.cohort.driver.runtime.Supervisor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cohort run --resume JOURNAL}: takes a run over from a driver that died. The job comes from
 * the journal (as it was given), the controller is rebuilt by replaying every recorded event (and
 * must issue the recorded commands again), the backend's placement is rebuilt from the record, the
 * replicas still running are adopted, those that ended meanwhile are reported with their recorded
 * exit status, pending timers are armed again, and the run continues on the same clock.
 */
final class Resume {
  private final RunCommand cmd;

  Resume(RunCommand cmd) {
    this.cmd = cmd;
  }

  /** A transition observer that stays quiet while the journal is replayed. */
  private static final class Later implements TransitionObserver {
    volatile TransitionObserver target = NONE;

    @Override
    public void replica(long at, ReplicaId r, ReplicaState f, ReplicaState t, String why) {
      target.replica(at, r, f, t, why);
    }

    @Override
    public void job(long at, String job, JobState f, JobState t, String why) {
      target.job(at, job, f, t, why);
    }

    @Override
    public boolean detailed() {
      return true; // as in the recorded run, so reasons (and commands) come out the same
    }
  }

  int run() throws Exception {
    Path file = cmd.resume.toAbsolutePath();
    PrintWriter out = cmd.commandSpec().commandLine().getOut();
    PrintWriter err = cmd.commandSpec().commandLine().getErr();
    JournalReader.Recorded rec;
    try {
      rec = JournalReader.read(file);
    } catch (JournalReader.Damaged e) {
      throw new UserError(e.getMessage());
    }
    rec.warnings().forEach(w -> err.println("warning: " + w));
    JournalRecord.Header h = rec.header();
    if (!h.backend().equals("local")) {
      throw new UserError(
          file
              + ": this run is on the "
              + h.backend()
              + " backend; only runs on the local backend can be resumed (docs/design.md)");
    }
    JobSource.Job src = JobSource.parse(h.source());
    JobSpec job = src.spec();
    Later observer = new Later();
    Replay.Result replayed = Replay.run(job, rec, observer);
    if (replayed.divergence().isPresent()) {
      throw new UserError(
          file
              + ": the journal does not replay with this version of Cohort ("
              + replayed.divergence().get()
              + "); the run cannot be resumed safely");
    }
    Map<String, String> o = h.options();
    int nodes = Integer.parseInt(o.get("nodes"));
    Resources perNode = JournalOptions.resources(o.get("nodeResourceUnits"));
    Path logs = Path.of(o.get("logDir"));
    long stopGrace = Long.parseLong(o.get("stopGraceMillis"));
    long orphanGrace = Long.parseLong(o.get("orphanGraceMillis"));
    boolean submitted = rec.records().stream().anyMatch(r -> r instanceof JournalRecord.Submitted);
    JobController controller = replayed.controller();
    Supervisor supervisor = new Supervisor(out, err);
    try (JournaledRun journaled = JournaledRun.resume(file, rec.validBytes())) {
      if (controller.state().terminal()) {
        String line =
            String.format(
                "job %s had already ended: %s: %s",
                job.name(), controller.state(), controller.reason());
        journaled.endedBefore(
            JobOutcome.valueOf(outcomeOf(controller.state())), controller.reason());
        if (controller.state() == JobState.SUCCEEDED) {
          out.println("[cohort] " + line);
          return 0;
        }
        err.println("cohort: " + line);
        return 1;
      }
      long start =
          Math.max(replayed.lastAt() + 1, (System.currentTimeMillis() - h.epochMillis()) * 1000);
      RuntimeLoop loop = new RuntimeLoop(start);
      LocalBackend backend =
          new LocalBackend(
              job,
              new LocalBackend.Config(
                  nodes,
                  perNode,
                  logs,
                  RunCommand.consoleOf(out),
                  stopGrace,
                  h.run(),
                  gpuDevices(o.getOrDefault("gpuDevices", ""))),
              loop,
              src.commandOverrides());
      Map<String, LocalBackend.Started> started = new HashMap<>();
      Optional<JournalRecord.Keeper> keeper = Optional.empty();
      for (JournalRecord r : rec.records()) {
        if (r instanceof JournalRecord.Submitted s) {
          s.commands().forEach(backend::restore);
        } else if (r instanceof JournalRecord.Step s) {
          backend.restore(s.event());
          s.commands().forEach(backend::restore);
        } else if (r instanceof JournalRecord.Started s) {
          started.put(
              s.replica() + "/" + s.attempt(), new LocalBackend.Started(s.pid(), s.startTicks()));
        } else if (r instanceof JournalRecord.Keeper k) {
          keeper = Optional.of(k);
        }
      }
      JournalRecorder recorder = new JournalRecorder(journaled.journal);
      journaled.journal.write(
          new JournalRecord.Resumed(start, ProcessHandle.current().pid()), true);
      loop.record(recorder);
      backend.onLaunch(recorder);
      journaled.keep(keeper, h.run(), orphanGrace, stopGrace, logs.resolve("keeper.log"));
      out.printf(
          "[cohort] resuming job %s from %s: %d step(s) replayed, restarts used %d, generation %d%n",
          job.name(), file, replayed.steps(), controller.restarts(), controller.generation());
      observer.target = supervisor.statusLines(loop);
      String jobId = o.get("jobId");
      if (jobId != null) {
        JobStatusFile status =
            new JobStatusFile(
                JobRecords.resumed(
                    jobId, job, controller.state().name(), "local", logs, file.toAbsolutePath()),
                err);
        observer.target = JobRecords.both(supervisor.statusLines(loop), status);
        RunCommand.watchForCancel(loop, jobId, job.name(), status);
      }
      for (String line : backend.adopt(controller, started)) {
        out.println("[cohort] " + line);
      }
      FaultPlan faults = cmd.faultPlanFor(job);
      if (!faults.isEmpty()) {
        faults.schedule(loop, backend, out);
      }
      List<Command.SetTimer> timers = replayed.timers();
      return supervisor.run(
          job,
          loop,
          backend,
          () ->
              submitted ? loop.resume(controller, backend, timers) : loop.run(controller, backend),
          journaled::ended);
    }
  }

  private static String outcomeOf(JobState s) {
    return switch (s) {
      case SUCCEEDED -> "SUCCEEDED";
      case CANCELLED -> "CANCELLED";
      default -> "FAILED";
    };
  }

  private static List<String> gpuDevices(String joined) {
    return joined.isBlank() ? List.of() : List.of(joined.split(","));
  }
}
