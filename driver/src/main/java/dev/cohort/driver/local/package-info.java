/**
 * The local backend: virtual nodes on this host, placement with core's strategies, and each replica
 * a real process in its own process group with per-attempt logs and fault injection.
 */
package dev.cohort.driver.local;
