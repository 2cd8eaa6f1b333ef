package dev.cohort.core.port;

import dev.cohort.core.resources.Resources;

/** Where a replica runs: inside a placement-group bundle, or in a plain actor with bare demands. */
public sealed interface Slot {

  /** Bundle {@code bundle} of placement group {@code pg}. */
  record InBundle(PgId pg, int bundle) implements Slot {}

  /** A plain actor (no reservation) holding {@code demand}. */
  record Actor(ReplicaId replica, Resources demand) implements Slot {}
}
