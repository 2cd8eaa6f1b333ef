package dev.cohort.core.placement;

import dev.cohort.core.resources.Resources;

/** One reservation slot of a placement group: an index within the group and its resources. */
public record Bundle(int index, Resources resources) {
  public Bundle {
    if (index < 0) {
      throw new IllegalArgumentException("bundle index must be ≥ 0, got " + index);
    }
    if (resources.isEmpty()) {
      throw new IllegalArgumentException(
          "a bundle must request some resource (Ray refuses empty bundles)");
    }
  }
}
