/**
 * The run journal: every event a job's controller was given and every command it issued, as JSON
 * lines, durable before anything starts or stops. {@code cohort run --resume} rebuilds a run from
 * it, {@code cohort replay} checks that a fresh controller issues the same commands, and {@code
 * cohort replay --simulate} turns the recorded run into a scenario.
 */
package dev.cohort.driver.journal;
