package dev.cohort.core.placement;

import dev.cohort.core.port.PgId;
import dev.cohort.core.resources.Resources;
import java.util.List;

/** What a placement group asks for: its identity, bundles (index = position) and strategy. */
public record PlacementGroupSpec(PgId id, List<Bundle> bundles, PlacementStrategy strategy) {
  public PlacementGroupSpec {
    // Uniform bundle lists are immutable, non-empty and indexed by construction.
    if (!(bundles instanceof UniformBundles)) {
      bundles = List.copyOf(bundles);
      if (bundles.isEmpty()) {
        throw new IllegalArgumentException("a placement group needs at least one bundle");
      }
      for (int i = 0; i < bundles.size(); i++) {
        if (bundles.get(i).index() != i) {
          throw new IllegalArgumentException(
              "bundle " + i + " has index " + bundles.get(i).index());
        }
      }
    }
  }

  /** A group of {@code count} identical bundles. */
  public static PlacementGroupSpec uniform(
      PgId id, int count, Resources perBundle, PlacementStrategy strategy) {
    return new PlacementGroupSpec(id, new UniformBundles(count, perBundle), strategy);
  }

  /** Sum of all bundles' resources. */
  public Resources total() {
    Resources sum = Resources.NONE;
    for (Bundle b : bundles) {
      sum = sum.plus(b.resources());
    }
    return sum;
  }
}
