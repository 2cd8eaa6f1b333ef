package dev.cohort.sim.trace;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a scenario says about reading a job trace (the file aside): which columns hold the
 * submission time, the run time and the GPU count, how GPUs map to replicas, the checkpointing of
 * the jobs (when the trace gives run times), and which part of the trace to use.
 *
 * @param submitColumn column of submission times: ISO timestamps or seconds
 * @param durationColumn column of run times in seconds (or durations such as {@code 90m}), if any
 * @param gpusColumn column of GPU counts, if any
 * @param gpusPerReplica with a GPU column: g GPUs become ceil(g / gpusPerReplica) replicas
 * @param checkpoint with a run-time column: the jobs checkpoint this way (work = run time ×
 *     replicas)
 * @param windowFrom keep jobs submitted at or after this offset from the first submission
 * @param windowTo keep jobs submitted before this offset (exclusive), if given
 * @param timeScale multiplies submission offsets (0.5 = arrivals twice as dense)
 * @param durationScale multiplies run times
 * @param limit keep at most this many jobs (the earliest), if given
 */
public record JobTraceSpec(
    String submitColumn,
    Optional<String> durationColumn,
    Optional<String> gpusColumn,
    int gpusPerReplica,
    Optional<CheckpointProfile> checkpoint,
    long windowFrom,
    OptionalLong windowTo,
    double timeScale,
    double durationScale,
    OptionalLong limit) {}
