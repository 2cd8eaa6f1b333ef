/**
 * Cohort's property-testing kit on JUnit 5: seeded, sized generators of clusters, jobs, workloads
 * and fault schedules ({@link dev.cohort.testkit.ScenarioGens}); a shrinker that minimises a
 * failing scenario ({@link dev.cohort.testkit.ScenarioShrinker}); and a runner that prints the
 * failing seed, replays it with {@code -Dcohort.seed}, honours {@code -Dcohort.tries}, and saves
 * the shrunk scenario as a YAML file {@code cohort simulate} can run ({@link
 * dev.cohort.testkit.PropertyCheck}). See docs/testing.md.
 */
package dev.cohort.testkit;
