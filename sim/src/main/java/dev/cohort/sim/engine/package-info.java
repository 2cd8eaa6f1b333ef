/**
 * The deterministic event engine: virtual time in integer microseconds, one documented total order
 * {@code (time, priority, seq)}, named random streams split from one seed, and a trace whose hash
 * fingerprints a run.
 */
package dev.cohort.sim.engine;
