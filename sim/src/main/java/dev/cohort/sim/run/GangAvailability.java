package dev.cohort.sim.run;

/**
 * How long a job's gang was at full size ({@code max} replicas running), from the first time it
 * was, to its end: the planner's "availability". O(1) per replica transition.
 */
final class GangAvailability {
  private final int max;
  private int running;
  private long fullSince = -1;
  private long firstFull = -1;
  private long fullTime;

  GangAvailability(int max) {
    this.max = max;
  }

  /** A replica started running at {@code at}. */
  void started(long at) {
    running++;
    if (running == max) {
      fullSince = at;
      if (firstFull < 0) {
        firstFull = at;
      }
    }
  }

  /** A replica stopped running at {@code at}. */
  void stopped(long at) {
    if (running == max && fullSince >= 0) {
      fullTime += at - fullSince;
      fullSince = -1;
    }
    running--;
  }

  /**
   * The share of time from the first full gang to {@code end} spent at full size; NaN when the gang
   * never was full or no time passed.
   */
  double share(long end) {
    if (firstFull < 0 || end <= firstFull) {
      return Double.NaN;
    }
    long total = fullTime + (fullSince >= 0 ? end - fullSince : 0);
    return total / (double) (end - firstFull);
  }
}
