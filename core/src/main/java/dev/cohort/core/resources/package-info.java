/**
 * Resource amounts in Ray's fixed point (1/10000 of a unit), with exact arithmetic, the
 * availability test every placement decision rests on, and Ray's bundle ordering by scarcity.
 */
package dev.cohort.core.resources;
