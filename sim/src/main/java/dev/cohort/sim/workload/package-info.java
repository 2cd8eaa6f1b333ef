/**
 * Workload models: seeded draws from the duration distributions, and the progress of checkpointing
 * jobs with rollback to the last checkpoint on any loss or re-rendezvous.
 */
package dev.cohort.sim.workload;
