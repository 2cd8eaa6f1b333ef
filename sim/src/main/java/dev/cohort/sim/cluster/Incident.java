package dev.cohort.sim.cluster;

/**
 * One failure event, which may take down several nodes at once (a rack): {@code id} is unique in
 * the run, {@code cause} is the failure process's name. A job hit on several nodes by one incident
 * counts one interruption.
 */
public record Incident(long id, String cause) {}
