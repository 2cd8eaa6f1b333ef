/**
 * Reports over replicated runs: statistics (Student-t intervals, percentiles), the summary table,
 * {@code report.json} exactly as the design specifies, {@code report.md}, and PNG charts.
 */
package dev.cohort.sim.report;
