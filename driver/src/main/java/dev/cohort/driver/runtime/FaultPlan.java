package dev.cohort.driver.runtime;

import dev.cohort.core.port.FaultInjection;
import dev.cohort.core.spec.Durations;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Faults to inject into a real run: scripted kills ({@code REPLICA@TIME}) and random kills of a
 * running replica at exponential gaps (chaos). Works with any backend that implements {@link
 * FaultInjection}; every kill is announced on the run's output.
 *
 * @param kills scripted kills, in any order
 * @param chaosMeanMicros mean gap between random kills, or 0 for none
 * @param seed seed of the random kills
 */
public record FaultPlan(List<FaultPlan.Kill> kills, long chaosMeanMicros, long seed) {

  /** Kill replica {@code replica}'s process tree {@code at} µs after the run starts. */
  public record Kill(int replica, long at) {}

  /** No faults. */
  public static final FaultPlan NONE = new FaultPlan(List.of(), 0, 1);

  public FaultPlan {
    kills = List.copyOf(kills);
  }

  /** True when the plan injects nothing. */
  public boolean isEmpty() {
    return kills.isEmpty() && chaosMeanMicros == 0;
  }

  /**
   * Parses {@code REPLICA@TIME} (e.g. {@code 1@30s}) for a job of {@code maxReplicas}.
   *
   * @throws IllegalArgumentException with a message in Cohort's words
   */
  public static Kill parseKill(String text, int maxReplicas) {
    int at = text.indexOf('@');
    if (at <= 0) {
      throw new IllegalArgumentException("expected REPLICA@TIME, e.g. 1@30s");
    }
    int replica;
    try {
      replica = Integer.parseInt(text.substring(0, at));
    } catch (NumberFormatException e) {
      replica = -1;
    }
    if (replica < 0 || replica >= maxReplicas) {
      throw new IllegalArgumentException(
          "the replica must be an index from 0 to " + (maxReplicas - 1));
    }
    return new Kill(replica, Durations.parseMicros(text.substring(at + 1)));
  }

  /**
   * Schedules every fault on {@code loop} against {@code target}, announcing each on {@code out}.
   */
  public void schedule(RuntimeLoop loop, FaultInjection target, PrintWriter out) {
    for (Kill k : kills) {
      loop.later(
          k.at(),
          () -> {
            if (target.killReplica(k.replica())) {
              out.printf(
                  "[cohort] %s injecting a crash: killing replica %d%n", clock(loop), k.replica());
            }
          });
    }
    if (chaosMeanMicros > 0) {
      chaos(loop, target, new Random(seed), out);
    }
  }

  private void chaos(RuntimeLoop loop, FaultInjection target, Random rnd, PrintWriter out) {
    long gap = Math.max(1, (long) (-Math.log(1 - rnd.nextDouble()) * chaosMeanMicros));
    loop.later(
        gap,
        () -> {
          List<Integer> live = target.runningReplicas();
          if (!live.isEmpty()) {
            int r = live.get(rnd.nextInt(live.size()));
            out.printf("[cohort] %s chaos: killing replica %d%n", clock(loop), r);
            target.killReplica(r);
          }
          chaos(loop, target, rnd, out);
        });
  }

  /** The loop's clock as run output shows it. */
  static String clock(RuntimeLoop loop) {
    return String.format(Locale.ROOT, "t=%.3fs", loop.now() / 1e6);
  }
}
