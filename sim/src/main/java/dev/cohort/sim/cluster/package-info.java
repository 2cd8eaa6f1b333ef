/**
 * Simulated nodes and their physical fate: node incarnations (a repaired node is a new node under
 * the same name), crashes, and the gap between a crash and the GCS declaring the node dead.
 */
package dev.cohort.sim.cluster;
