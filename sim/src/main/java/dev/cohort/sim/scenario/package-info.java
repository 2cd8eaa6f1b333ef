/**
 * Scenario files: the validated model of a what-if (cluster, failures, GCS knobs, jobs, arrivals,
 * horizon, seed) and its parser, which reuses core's located reader and job parser.
 */
package dev.cohort.sim.scenario;
