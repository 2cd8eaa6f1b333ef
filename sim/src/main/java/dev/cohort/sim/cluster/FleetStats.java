package dev.cohort.sim.cluster;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fleet models did in one run (docs/reliability.md).
 *
 * @param failuresByClass per-node failures by node class ({@code default} for the rest), in class
 *     declaration order
 * @param fixed repairs that fixed the node
 * @param falseSuccess repairs that returned a node with its fault
 * @param beyondRepair nodes no stage could fix (retired)
 * @param healed nodes of a failure-prone class made ordinary by a repair
 * @param retired nodes retired (by the retirement policy or beyond repair)
 * @param misdiagnosed failures blamed on a healthy node
 * @param sparesUsed cold spares provisioned
 * @param heldBack failure-prone nodes kept out of service after a repair (avoidance)
 * @param recalled held-back nodes called back because the fleet ran short
 * @param exhaustedAt when the fleet (in service plus cold pool) first fell below the largest gang's
 *     {@code min}, µs; −1 if never
 * @param series the fleet over time (only when the timeline is recorded)
 */
public record FleetStats(
    Map<String, Long> failuresByClass,
    long fixed,
    long falseSuccess,
    long beyondRepair,
    long healed,
    long retired,
    long misdiagnosed,
    long sparesUsed,
    long heldBack,
    long recalled,
    long exhaustedAt,
    List<Point> series) {

  /** No fleet models in the scenario. */
  public static final FleetStats NONE =
      new FleetStats(Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, List.of());

  public FleetStats {
    failuresByClass = Collections.unmodifiableMap(new LinkedHashMap<>(failuresByClass));
    series = List.copyOf(series);
  }

  /** Whether the run had fleet models. */
  public boolean active() {
    return !failuresByClass.isEmpty();
  }

  /**
   * The fleet at time {@code at} (µs): nodes up, away (in repair, rebooting or being provisioned),
   * retired, and waiting in the cold pool or held back.
   */
  public record Point(long at, int up, int away, int retired, int pool) {}
}
