/**
 * Jobs run by {@code cohort run} as the host knows them: an id per run, a state file kept current
 * by the driver, and the records {@code cohort status}, {@code list}, {@code logs} and {@code
 * cancel} read from another shell ({@link JobHome}, {@link JobRecord}, {@link JobStatusFile}).
 */
package dev.cohort.driver.jobs;
