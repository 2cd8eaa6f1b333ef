package dev.cohort.sim.check;

import java.util.List;

/**
 * Jobs that wait for each other in a cycle: each is blocked below its gang size while holding
 * capacity another one needs. Found by {@link WaitForGraph}.
 *
 * @param at first time the cycle was seen (µs)
 * @param jobs the jobs in the cycle, sorted by name
 */
public record Deadlock(long at, List<String> jobs) {}
