package dev.cohort.sim.check;

import dev.cohort.core.job.JobController;
import dev.cohort.core.job.ReplicaState;
import dev.cohort.core.placement.ClusterState;
import dev.cohort.core.port.PgId;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.port.Slot;
import dev.cohort.core.resources.Resources;
import dev.cohort.sim.gcs.FakeGcs;
import dev.cohort.sim.gcs.PgState;
import dev.cohort.sim.gcs.SimPlacementGroup;
import dev.cohort.sim.run.Simulation;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks, after an event, that the simulation is consistent: no node is over-committed (what the
 * GCS thinks is free equals total minus every reservation on it), bundles sit only on live nodes,
 * the pending queue is in rank order, no job runs more than max replicas, and every running process
 * sits in a slot the GCS has placed on that process's node and is RUNNING in its controller.
 * Transitions are checked against the state graph as they happen.
 */
public final class InvariantChecker {
  private final Simulation sim;

  public InvariantChecker(Simulation sim) {
    this.sim = sim;
  }

  /** Runs every check. */
  public void check() {
    long now = sim.now();
    FakeGcs gcs = sim.gcs();
    ClusterState view = gcs.view();

    TreeMap<Integer, Resources> held = new TreeMap<>();
    for (SimPlacementGroup pg : gcs.placementGroups().values()) {
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

    long lastRank = Long.MIN_VALUE;
    Set<PgId> seen = new HashSet<>();
    for (Map.Entry<Long, SimPlacementGroup> e : gcs.pendingQueue()) {
      SimPlacementGroup pg = e.getValue();
      if (e.getKey() < lastRank) {
        throw new InvariantViolation(now, "pending queue out of rank order at " + pg.id());
      }
      lastRank = e.getKey();
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

    Map<String, JobController> controllers = sim.controllers();
    for (JobController c : controllers.values()) {
      int max = c.spec().replicas().max();
      if (c.running() > max) {
        throw new InvariantViolation(
            now, c.spec().name() + " runs " + c.running() + " > max " + max);
      }
      for (int i = 0; i < max; i++) {
        if (c.replicaState(i) == ReplicaState.RUNNING && c.slotNode(i).isEmpty()) {
          throw new InvariantViolation(
              now, c.spec().name() + "/r" + i + " RUNNING outside a placed slot");
        }
      }
      if (c.state().terminal() && c.running() > 0) {
        throw new InvariantViolation(now, c.spec().name() + " finished with replicas running");
      }
    }

    for (Map.Entry<ReplicaId, Integer> p : sim.processes().entrySet()) {
      ReplicaId r = p.getKey();
      int node = p.getValue();
      Slot slot = sim.processSlot(r).orElseThrow();
      int slotNode =
          slot instanceof Slot.InBundle ib
              ? gcs.bundleNode(ib.pg(), ib.bundle())
              : gcs.actorNode(r);
      if (slotNode != node) {
        throw new InvariantViolation(
            now, "process of " + r + " on node " + node + " but its slot is on " + slotNode);
      }
      JobController c = controllers.get(r.job());
      if (c.replicaState(r.index()) != ReplicaState.RUNNING) {
        throw new InvariantViolation(
            now, "process of " + r + " alive while its replica is " + c.replicaState(r.index()));
      }
    }
  }
}
