/**
 * Job specifications and the one validating reader for user files: YAML and JSON become a tree of
 * located nodes, and every field check reports {@code FILE:LINE:COL: field: what is wrong and what
 * is allowed}. Durations, random distributions and work models are described here and sampled
 * elsewhere.
 */
package dev.cohort.core.spec;
