package dev.cohort.sim.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.core.job.JobController;
import dev.cohort.core.port.PgId;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.Distribution;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.Reservation;
import dev.cohort.core.spec.WorkSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The monitor on hand-built states: two submitted gangs of two one-CPU replicas on one-CPU nodes.
 * Each holds one bundle and waits for a second; whether that is a deadlock depends on whether any
 * capacity outside the two is left, and on whether both really hold something.
 */
class DeadlockMonitorTest {
  final StubGcs gcs = new StubGcs();
  final DeadlockMonitor monitor = new DeadlockMonitor();
  final Map<String, JobController> controllers = new LinkedHashMap<>();

  DeadlockMonitor.Job submit(String name, Reservation reservation) {
    JobSpec spec =
        JobSpec.builder(name)
            .replicas(2, 2)
            .resources(Resources.of("CPU", 1))
            .reservation(reservation)
            .work(new WorkSpec.PerReplica(new Distribution.Fixed(3_600_000_000L)))
            .build();
    JobController c = new JobController(spec);
    c.submit(0);
    controllers.put(name, c);
    DeadlockMonitor.Job j = monitor.watch(name);
    monitor.jobChanged(j, c); // PENDING: blocked
    return j;
  }

  /** A gang group of job {@code name} holding its first bundle on {@code node}. */
  void holdOne(DeadlockMonitor.Job j, String name, int node) {
    StubGcs.Group g = gcs.group(new PgId(name, 0), 2, 1);
    gcs.place(g, 0, node);
    monitor.reserved(j);
  }

  List<List<String>> cycles() {
    return monitor.cycles(gcs, controllers::get);
  }

  @Test
  void twoHalfPlacedGangsOnAFullClusterWaitForEachOther() {
    gcs.node(0, 1).node(1, 1);
    DeadlockMonitor.Job x = submit("x", Reservation.PLACEMENT_GROUP);
    DeadlockMonitor.Job y = submit("y", Reservation.PLACEMENT_GROUP);
    holdOne(x, "x", 0);
    holdOne(y, "y", 1);
    assertEquals(Set.of("x", "y"), monitor.participants());
    assertEquals(List.of(List.of("x", "y")), cycles());
  }

  @Test
  void aFreeNodeOutsideTheBlockedJobsMeansTheyAreOnlyWaiting() {
    gcs.node(0, 1).node(1, 1).node(2, 1);
    DeadlockMonitor.Job x = submit("x", Reservation.PLACEMENT_GROUP);
    DeadlockMonitor.Job y = submit("y", Reservation.PLACEMENT_GROUP);
    holdOne(x, "x", 0);
    holdOne(y, "y", 1);
    assertEquals(List.of(), cycles());
  }

  @Test
  void aJobThatHoldsNothingIsNotAParticipantAndNothingIsAnalysed() {
    gcs.node(0, 1).node(1, 1);
    DeadlockMonitor.Job x = submit("x", Reservation.PLACEMENT_GROUP);
    submit("y", Reservation.PLACEMENT_GROUP);
    holdOne(x, "x", 0);
    gcs.group(new PgId("y", 0), 2, 1); // queued, nothing placed
    assertEquals(Set.of("x"), monitor.participants());
    assertEquals(List.of(), cycles());
    assertTrue(monitor.anyBlocked());
  }

  @Test
  void aCycleBreaksWhenOneSideEndsOrFreesItsHolding() {
    gcs.node(0, 1).node(1, 1);
    DeadlockMonitor.Job x = submit("x", Reservation.PLACEMENT_GROUP);
    DeadlockMonitor.Job y = submit("y", Reservation.PLACEMENT_GROUP);
    holdOne(x, "x", 0);
    holdOne(y, "y", 1);
    long before = monitor.changes();
    monitor.freed(y);
    assertNotEquals(before, monitor.changes(), "freeing a participant's holding is a change");
    assertEquals(Set.of("x"), monitor.participants());
    assertEquals(List.of(), cycles());
    monitor.reserved(y);
    assertEquals(Set.of("x", "y"), monitor.participants());
    monitor.jobEnded(y);
    monitor.jobEnded(x);
    assertEquals(Set.of(), monitor.participants());
    assertFalse(monitor.anyBlocked());
  }

  @Test
  void actorGangsHoldingOneActorEachDeadlockToo() {
    gcs.node(0, 1).node(1, 1);
    DeadlockMonitor.Job x = submit("x", Reservation.ACTORS);
    DeadlockMonitor.Job y = submit("y", Reservation.ACTORS);
    gcs.placeActor(new ReplicaId("x", 0), 1, 0);
    monitor.reserved(x);
    gcs.queuedActors.put(new ReplicaId("x", 1), Resources.of("CPU", 1));
    gcs.placeActor(new ReplicaId("y", 0), 1, 1);
    monitor.reserved(y);
    gcs.queuedActors.put(new ReplicaId("y", 1), Resources.of("CPU", 1));
    assertEquals(List.of(List.of("x", "y")), cycles());
  }

  @Test
  void aOneWayWaitIsNotACycle() {
    // x's second bundle needs 2 CPUs: only node 0 could hold it, and x holds node 0 itself. y waits
    // for x (x's node could hold y's bundle), but x does not wait for y's one-CPU node.
    gcs.node(0, 2).node(1, 1);
    DeadlockMonitor.Job x = submit("x", Reservation.PLACEMENT_GROUP);
    DeadlockMonitor.Job y = submit("y", Reservation.PLACEMENT_GROUP);
    StubGcs.Group gx = new StubGcs.Group(new PgId("x", 0), 2, Resources.of("CPU", 2));
    gcs.groups.put(gx.id(), gx);
    gcs.place(gx, 0, 0);
    monitor.reserved(x);
    holdOne(y, "y", 1);
    assertEquals(Set.of("x", "y"), monitor.participants());
    assertEquals(List.of(), cycles());
  }
}
