/**
 * Placement decisions exactly as Ray's GCS makes them: the cluster view indexed by free-resource
 * vector, the least-resource (worst-fit) scorer with ties broken by node id, the four bundle
 * strategies with their retry-versus-infeasible outcomes, and an exact bipartite-matching oracle
 * for STRICT_SPREAD that tells a greedy miss from a true impossibility.
 */
package dev.cohort.core.placement;
