package dev.cohort.sim.scenario;

import dev.cohort.core.spec.Distribution;

/**
 * Planned maintenance: from {@code startAt}, at intervals drawn from {@code every}, every job that
 * is computing restarts its work in place (no node is lost, no restart budget is spent): with
 * {@code checkpointFirst} it writes a checkpoint first, otherwise it rolls back to its last one; it
 * then pauses {@code downtime} plus its restart cost. {@code name} is the cause in the report.
 */
public record MaintenanceSpec(
    String name, Distribution every, long startAt, long downtime, boolean checkpointFirst) {}
