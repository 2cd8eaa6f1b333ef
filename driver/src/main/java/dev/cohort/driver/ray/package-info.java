/**
 * The Ray backend: placement groups, command actors in bundles and {@code Ray.wait} on their
 * results, over Ray's Java API; single-process mode for tests, cluster mode per docs/ray.md.
 */
package dev.cohort.driver.ray;
