package dev.cohort.driver.journal;

import dev.cohort.core.job.JobController;
import dev.cohort.core.job.TransitionObserver;
import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.Command;
import dev.cohort.core.spec.JobSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Feeds a journal's events to a fresh {@link JobController}, in order, and compares the commands it
 * issues with those recorded. The controller is pure, so a journal of a correct run replays
 * identically; a divergence points at the record where behaviour changed. A resumed driver uses the
 * replayed controller as its own.
 */
public final class Replay {
  private Replay() {}

  /** Where the replayed controller first disagreed with the journal. */
  public record Divergence(int line, String expected, String actual) {
    @Override
    public String toString() {
      return "line "
          + line
          + ": the journal has "
          + expected
          + ", the controller now issues "
          + actual;
    }
  }

  /**
   * The outcome of a replay.
   *
   * @param controller the controller after every recorded event (submitted if the run was)
   * @param steps controller steps replayed (the submission included)
   * @param divergence the first disagreement, if any
   * @param timers timers set and not yet fired, which a resumed run must arm again
   * @param lastAt the latest time the journal mentions, µs
   */
  public record Result(
      JobController controller,
      int steps,
      Optional<Divergence> divergence,
      List<Command.SetTimer> timers,
      long lastAt) {}

  public static Result run(JobSpec spec, JournalReader.Recorded journal, TransitionObserver obs) {
    JobController c = new JobController(spec, obs);
    Map<String, Command.SetTimer> timers = new LinkedHashMap<>();
    Divergence first = null;
    int steps = 0;
    long lastAt = 0;
    int line = 1;
    for (JournalRecord r : journal.records()) {
      line++;
      List<Command> expected;
      List<Command> actual;
      if (r instanceof JournalRecord.Submitted s) {
        expected = s.commands();
        actual = c.submit(s.at());
        lastAt = Math.max(lastAt, s.at());
      } else if (r instanceof JournalRecord.Step s) {
        expected = s.commands();
        actual = c.handle(s.event());
        lastAt = Math.max(lastAt, s.event().at());
        if (s.event() instanceof ClusterEvent.TimerFired f) {
          timers.remove(f.kind() + "/" + f.token());
        }
      } else {
        continue;
      }
      steps++;
      for (Command x : actual) {
        if (x instanceof Command.SetTimer t) {
          timers.put(t.kind() + "/" + t.token(), t);
        }
      }
      if (first == null && !expected.equals(actual)) {
        first = new Divergence(line, describe(expected), describe(actual));
      }
    }
    return new Result(
        c, steps, Optional.ofNullable(first), new ArrayList<>(timers.values()), lastAt);
  }

  private static String describe(List<Command> commands) {
    return JournalCodec.commands(commands).toString();
  }
}
