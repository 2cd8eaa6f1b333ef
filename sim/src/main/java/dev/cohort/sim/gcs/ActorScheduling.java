package dev.cohort.sim.gcs;

import dev.cohort.core.placement.HybridPolicy;
import java.util.Optional;

/**
 * How plain actors are placed.
 *
 * @param policy hybrid (Ray's default) or least-resource
 * @param driverNode the node the jobs' drivers run on, whose raylet gets the actor requests (the
 *     hybrid policy prefers it); empty means the first node of the first node group, the head node
 *     where {@code ray job submit} runs drivers
 * @param hybrid the hybrid policy's settings
 */
public record ActorScheduling(
    ActorPolicy policy, Optional<String> driverNode, HybridPolicy.Settings hybrid) {
  /** Ray's defaults. */
  public static final ActorScheduling DEFAULTS =
      new ActorScheduling(ActorPolicy.HYBRID, Optional.empty(), HybridPolicy.Settings.RAY_DEFAULTS);
}
