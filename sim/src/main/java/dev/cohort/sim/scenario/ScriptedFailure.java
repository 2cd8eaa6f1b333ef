package dev.cohort.sim.scenario;

import java.util.OptionalLong;

/**
 * Node {@code node} crashes at {@code at}; with {@code downFor} it rejoins (as a new node) later.
 */
public record ScriptedFailure(long at, String node, OptionalLong downFor) {}
