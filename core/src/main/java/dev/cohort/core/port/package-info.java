/**
 * The backend port: the {@link dev.cohort.core.port.Command}s a job controller emits and the
 * timestamped {@link dev.cohort.core.port.ClusterEvent}s a backend reports back. The simulator and
 * every real backend speak exactly these types, which is what lets one state machine be tested in
 * simulation and run in production.
 */
package dev.cohort.core.port;
