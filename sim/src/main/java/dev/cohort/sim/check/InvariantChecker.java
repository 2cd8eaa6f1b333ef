package dev.cohort.sim.check;

import dev.cohort.core.job.ReplicaState;
import dev.cohort.core.placement.ClusterState;
import dev.cohort.core.port.PgId;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.port.Slot;
import dev.cohort.core.resources.Resources;
import dev.cohort.sim.gcs.GcsView;
import dev.cohort.sim.gcs.PgState;
import dev.cohort.sim.gcs.PlacementGroupView;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Checks, after an event, that a simulation is consistent. Four families, each a method: the GCS
 * ledger (what it thinks is free equals total minus every reservation, and reservations sit only on
 * live nodes), the pending queue (rank order, no group twice, only waiting groups, none both queued
 * and in flight), the controllers (at most max replicas, RUNNING only in a placed slot, none left
 * running by a finished job), the processes (each in a slot the GCS placed on its node, and RUNNING
 * in its controller) and leaks (every group, actor and request belongs to a job that is still
 * active: a finished job leaves nothing behind). Transitions are checked against the state graph as
 * they happen.
 */
public final class InvariantChecker {
  private final SimulationView sim;

  public InvariantChecker(SimulationView sim) {
    this.sim = sim;
  }

  /** Runs every check. */
  public void check() {
    ledger();
    queue();
    controllers();
    processes();
    leaks();
  }

  /** No over-commit, no reservation on a dead node. */
  void ledger() {
    long now = sim.now();
    GcsView gcs = sim.gcs();
    ClusterState view = gcs.view();
    Map<Integer, Resources> held = new HashMap<>();
    for (PlacementGroupView pg : gcs.placementGroups()) {
      for (int b = 0; b < pg.size(); b++) {
        int node = pg.nodeOf(b);
        if (node >= 0) {
          if (!view.isAlive(node)) {
            throw new InvariantViolation(
                now, "bundle " + pg.id() + "[" + b + "] on dead node " + node);
          }
          held.merge(node, pg.spec().bundles().get(b).resources(), Resources::plus);
        }
      }
    }
    gcs.inFlight()
        .ifPresent(
            pg ->
                gcs.inFlightPlan()
                    .forEach(
                        (b, node) -> {
                          if (view.isAlive(node)) {
                            held.merge(
                                node, pg.spec().bundles().get(b).resources(), Resources::plus);
                          }
                        }));
    for (Map.Entry<ReplicaId, Integer> a : gcs.placedActors().entrySet()) {
      if (!view.isAlive(a.getValue())) {
        throw new InvariantViolation(
            now, "actor of " + a.getKey() + " on dead node " + a.getValue());
      }
      held.merge(a.getValue(), gcs.actorDemand(a.getKey()).orElseThrow(), Resources::plus);
    }
    for (int id : view.aliveIds()) {
      Resources reserved = held.getOrDefault(id, Resources.NONE);
      if (!view.total(id).fits(reserved)) {
        throw new InvariantViolation(
            now,
            "node "
                + view.name(id)
                + " over-committed: total "
                + view.total(id)
                + ", reserved "
                + reserved);
      }
      Resources expect = view.total(id).minus(reserved);
      if (!expect.equals(view.available(id))) {
        throw new InvariantViolation(
            now,
            "node "
                + view.name(id)
                + " ledger mismatch: total "
                + view.total(id)
                + ", reserved "
                + reserved
                + ", available "
                + view.available(id));
      }
    }
  }

  /** The pending queue is in rank order and holds each waiting group once. */
  void queue() {
    long now = sim.now();
    GcsView gcs = sim.gcs();
    long lastRank = Long.MIN_VALUE;
    Set<PgId> seen = new HashSet<>();
    for (GcsView.QueuedGroup e : gcs.pendingQueue()) {
      PlacementGroupView pg = e.group();
      if (e.rank() < lastRank) {
        throw new InvariantViolation(now, "pending queue out of rank order at " + pg.id());
      }
      lastRank = e.rank();
      if (!seen.add(pg.id())) {
        throw new InvariantViolation(now, "placement group " + pg.id() + " queued twice");
      }
      if (pg.state() != PgState.PENDING && pg.state() != PgState.RESCHEDULING) {
        throw new InvariantViolation(now, "queued group " + pg.id() + " is " + pg.state());
      }
      if (gcs.inFlight().orElse(null) == pg) {
        throw new InvariantViolation(now, "group " + pg.id() + " both queued and in flight");
      }
    }
  }

  /** Controllers never run more than max replicas, nor any replica outside a placed slot. */
  void controllers() {
    long now = sim.now();
    for (JobView job : sim.activeJobs()) {
      int max = job.maxReplicas();
      if (job.running() > max) {
        throw new InvariantViolation(now, job.name() + " runs " + job.running() + " > max " + max);
      }
      for (int i = 0; i < max; i++) {
        if (job.replicaState(i) == ReplicaState.RUNNING && !job.placed(i)) {
          throw new InvariantViolation(
              now, job.name() + "/r" + i + " RUNNING outside a placed slot");
        }
      }
      if (job.finished() && job.running() > 0) {
        throw new InvariantViolation(now, job.name() + " finished with replicas running");
      }
    }
  }

  /** Every process sits where the GCS placed its slot and is RUNNING in its controller. */
  void processes() {
    long now = sim.now();
    GcsView gcs = sim.gcs();
    for (SimulationView.Process p : sim.processes()) {
      ReplicaId r = p.replica();
      int slotNode =
          p.slot() instanceof Slot.InBundle ib
              ? gcs.bundleNode(ib.pg(), ib.bundle())
              : gcs.actorNode(r);
      if (slotNode != p.node()) {
        throw new InvariantViolation(
            now, "process of " + r + " on node " + p.node() + " but its slot is on " + slotNode);
      }
      ReplicaState state = sim.activeJob(r.job()).map(j -> j.replicaState(r.index())).orElse(null);
      if (state != ReplicaState.RUNNING) {
        throw new InvariantViolation(
            now, "process of " + r + " alive while its replica is " + state);
      }
    }
  }

  /** Nothing of a finished job is left in the GCS: no group, no actor, no queued request. */
  void leaks() {
    long now = sim.now();
    GcsView gcs = sim.gcs();
    for (PlacementGroupView pg : gcs.placementGroups()) {
      if (sim.activeJob(pg.id().job()).isEmpty()) {
        throw new InvariantViolation(
            now, "placement group " + pg.id() + " left behind by a job that is not active");
      }
    }
    for (ReplicaId r : gcs.placedActors().keySet()) {
      if (sim.activeJob(r.job()).isEmpty()) {
        throw new InvariantViolation(
            now, "actor of " + r + " left behind by a job that is not active");
      }
    }
    for (ReplicaId r : gcs.queuedActors().keySet()) {
      if (sim.activeJob(r.job()).isEmpty()) {
        throw new InvariantViolation(
            now, "actor request of " + r + " left behind by a job that is not active");
      }
    }
  }
}
