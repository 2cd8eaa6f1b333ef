/**
 * Recorded inputs a scenario can point at: job traces (submission time, run time, GPUs per job) and
 * cluster availability traces ({@code time_ms,add|remove,node}), read from CSV files with every bad
 * row reported as {@code FILE:LINE:COL: column: what is wrong}.
 */
package dev.cohort.sim.trace;
