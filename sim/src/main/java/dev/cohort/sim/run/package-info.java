/**
 * Running scenarios: one seeded {@link dev.cohort.sim.run.Simulation} of the cluster, the GCS, the
 * workload and the real job controllers, and its {@link dev.cohort.sim.run.RunResult}.
 */
package dev.cohort.sim.run;
