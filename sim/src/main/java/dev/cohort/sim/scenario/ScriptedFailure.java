package dev.cohort.sim.scenario;

import java.util.OptionalLong;

/**
 * Node {@code node} crashes at {@code at}; with {@code downFor} it rejoins (as a new node) later.
 * {@code cause} names the failure in the report's interruption counts.
 */
public record ScriptedFailure(long at, String node, OptionalLong downFor, String cause) {

  /** The cause name of scripted failures that give none. */
  public static final String DEFAULT_CAUSE = "scripted";

  /** A failure under the default cause name. */
  public ScriptedFailure(long at, String node, OptionalLong downFor) {
    this(at, node, downFor, DEFAULT_CAUSE);
  }
}
