/**
 * Checks that watch a simulation without changing it: the invariant checker run after every event
 * in tests, and the wait-for graph that finds gang deadlocks and names the jobs in each cycle.
 */
package dev.cohort.sim.check;
