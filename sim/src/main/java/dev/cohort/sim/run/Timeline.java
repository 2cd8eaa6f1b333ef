package dev.cohort.sim.run;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run looked like over time, for charts: which job held which node when, when nodes were
 * down, and how long placement groups waited in the GCS queue. Empty unless recorded.
 */
public final class Timeline {
  /** Job {@code job} held resources on node {@code node} from {@code from} to {@code to} (µs). */
  public record Hold(String node, String job, long from, long to) {}

  /** Node {@code node} was down from {@code from} to {@code to} (µs; to = end if never back). */
  public record Outage(String node, long from, long to) {}

  /** A placement group of {@code job} was placed at {@code at} after waiting {@code waited} µs. */
  public record QueueWait(long at, String job, long waited) {}

  private final List<Hold> holds = new ArrayList<>();
  private final List<Outage> outages = new ArrayList<>();
  private final List<QueueWait> queueWaits = new ArrayList<>();
  private final List<String> nodes = new ArrayList<>();

  /** Node names in registration order. */
  public List<String> nodes() {
    return nodes;
  }

  public List<Hold> holds() {
    return holds;
  }

  public List<Outage> outages() {
    return outages;
  }

  public List<QueueWait> queueWaits() {
    return queueWaits;
  }
}
