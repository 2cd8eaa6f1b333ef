package dev.cohort.sim.scenario;

import dev.cohort.core.spec.Distribution;
import java.util.Optional;

/**
 * Random crashes: time between failures drawn from {@code mtbf}, repair time from {@code repair}.
 * Without {@code label} each node fails on its own; with it, all nodes sharing a value of that
 * label (e.g. a rack) fail together, one failure process per value.
 */
public record RandomFailureSpec(Distribution mtbf, Distribution repair, Optional<String> label) {}
