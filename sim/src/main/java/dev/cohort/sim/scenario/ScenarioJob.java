package dev.cohort.sim.scenario;

import dev.cohort.core.spec.JobSpec;

/** A declared job and when it is submitted. */
public record ScenarioJob(long submitAt, JobSpec spec) {}
