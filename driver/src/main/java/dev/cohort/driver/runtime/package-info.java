/**
 * The real-time shell around the job controller: a single loop thread, a thread-safe event queue,
 * timers from a scheduler, and the monotonic clock. Nothing in core changes for it.
 */
package dev.cohort.driver.runtime;
