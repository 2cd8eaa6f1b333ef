/**
 * The job state machine: {@link dev.cohort.core.job.JobController} turns timestamped cluster events
 * into commands with no clock, I/O or threads, and {@link dev.cohort.core.job.StateGraph} holds the
 * legal replica and job transitions as graphs that tests and {@code cohort explain} use.
 */
package dev.cohort.core.job;
