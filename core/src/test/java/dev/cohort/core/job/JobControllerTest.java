package dev.cohort.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.core.placement.PlacementStrategy;
import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.Command;
import dev.cohort.core.port.JobOutcome;
import dev.cohort.core.port.NodeRef;
import dev.cohort.core.port.PgId;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.port.Slot;
import dev.cohort.core.port.TimerKind;
import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.Distribution;
import dev.cohort.core.spec.Durations;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.Reservation;
import dev.cohort.core.spec.WorkSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobControllerTest {
  static final long MIN = Durations.MICROS_PER_MINUTE;
  final RecordingObserver obs = new RecordingObserver();

  static NodeRef node(String n) {
    return new NodeRef(n, n + ".host", 0);
  }

  static JobSpec.Builder job(int min, int max) {
    return JobSpec.builder("j")
        .replicas(min, max)
        .resources(Resources.of("CPU", 1))
        .work(new WorkSpec.PerReplica(new Distribution.Fixed(60 * MIN)));
  }

  JobController controller(JobSpec spec) {
    return new JobController(spec, obs);
  }

  static List<Command> both(List<Command> a, List<Command> b) {
    List<Command> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  static <T extends Command> List<T> only(List<Command> cmds, Class<T> type) {
    return cmds.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static ClusterEvent placed(long at, int pg, Map<Integer, NodeRef> bundles) {
    return new ClusterEvent.PlacementGroupPlaced(at, new PgId("j", pg), bundles);
  }

  static ClusterEvent.ReplicaLost lost(long at, int replica, int attempt) {
    return new ClusterEvent.ReplicaLost(at, new ReplicaId("j", replica), attempt, "node died");
  }

  static ClusterEvent.PlacementGroupRescheduling resched(long at, int pg, int... bundles) {
    return new ClusterEvent.PlacementGroupRescheduling(
        at, new PgId("j", pg), java.util.Arrays.stream(bundles).boxed().toList());
  }

  static ClusterEvent.ReplicaExited exited(long at, int replica, int attempt, int code) {
    return new ClusterEvent.ReplicaExited(at, new ReplicaId("j", replica), attempt, code);
  }

  /** Submits and places the gang on nodes a, b, c, … ; returns the controller. */
  JobController running(JobSpec spec) {
    JobController c = controller(spec);
    c.submit(0);
    Map<Integer, NodeRef> m = new java.util.TreeMap<>();
    for (int i = 0; i < spec.replicas().min(); i++) {
      m.put(i, node(String.valueOf((char) ('a' + i))));
    }
    c.handle(placed(10, 0, m));
    assertEquals(JobState.RUNNING, c.state());
    return c;
  }

  @Test
  void placementGroupModeRequestsTheGangFirstThenAllExtraGroupsAtOnce() {
    JobController c = controller(job(2, 5).strategy(PlacementStrategy.PACK).build());
    var first = only(c.submit(0), Command.CreatePlacementGroup.class);
    assertEquals(1, first.size(), "only the gang while it waits");
    assertEquals(new PgId("j", 0), first.get(0).spec().id());
    assertEquals(2, first.get(0).spec().bundles().size());
    List<Command> cmds = c.handle(placed(5, 0, Map.of(0, node("a"), 1, node("b"))));
    var pgs = only(cmds, Command.CreatePlacementGroup.class);
    assertEquals(3, pgs.size(), "max-min = 3 single-bundle groups, requested together");
    for (int k = 1; k <= 3; k++) {
      assertEquals(1, pgs.get(k - 1).spec().bundles().size());
      assertEquals(new PgId("j", k), pgs.get(k - 1).spec().id());
    }
    assertTrue(pgs.stream().allMatch(x -> x.spec().strategy() == PlacementStrategy.PACK));
    assertEquals(2, only(cmds, Command.StartReplica.class).size(), "the gang starts at once");
    assertTrue(
        only(c.handle(placed(6, 0, Map.of(0, node("a")))), Command.CreatePlacementGroup.class)
            .isEmpty(),
        "extras are requested once only");
  }

  @Test
  void aRefusedGangFailsTheJobAtOnceWithTheClustersReason() {
    JobController c = controller(job(2, 3).build());
    c.submit(0);
    List<Command> cmds =
        c.handle(
            new ClusterEvent.PlacementGroupRefused(
                7, new PgId("j", 0), "name j-pg0 already exists"));
    assertEquals(JobState.FAILED, c.state());
    assertEquals("placement group j/pg0 refused: name j-pg0 already exists", c.reason());
    var finished = only(cmds, Command.JobFinished.class);
    assertEquals(
        List.of(JobOutcome.FAILED), finished.stream().map(Command.JobFinished::outcome).toList());
    assertEquals(
        List.of(new PgId("j", 0)),
        only(cmds, Command.RemovePlacementGroup.class).stream()
            .map(Command.RemovePlacementGroup::pg)
            .toList(),
        "the refused group is removed too (removal of an unknown group is a no-op)");
  }

  @Test
  void aRefusalOfARemovedGroupIsStale() {
    JobController c = running(job(2, 3).build());
    c.handle(new ClusterEvent.CancelRequested(20, "j"));
    assertEquals(JobState.CANCELLED, c.state());
    assertTrue(
        c.handle(new ClusterEvent.PlacementGroupRefused(30, new PgId("j", 1), "late")).isEmpty());
    assertEquals(JobState.CANCELLED, c.state());
  }

  @Test
  void actorEventsForAPlacementGroupJobAreABackendBug() {
    JobController c = controller(job(1, 1).build());
    c.submit(0);
    assertThrows(
        IllegalArgumentException.class,
        () -> c.handle(new ClusterEvent.ActorPlaced(1, new ReplicaId("j", 0), 0, node("a"))));
  }

  @Test
  void aJobEndingBeforeItsGangIsPlacedRemovesOnlyTheGang() {
    JobController c = controller(job(2, 4).startTimeout(MIN).build());
    var timer = only(c.submit(0), Command.SetTimer.class).get(0);
    List<Command> cmds =
        c.handle(new ClusterEvent.TimerFired(MIN, "j", TimerKind.START, timer.token()));
    assertEquals(
        List.of(new PgId("j", 0)),
        only(cmds, Command.RemovePlacementGroup.class).stream()
            .map(Command.RemovePlacementGroup::pg)
            .toList());
  }

  @Test
  void gangStartsWhenItsGroupIsPlacedAndRankZeroHostIsHandedToOthers() {
    JobController c = controller(job(3, 3).build());
    c.submit(0);
    assertEquals(JobState.PENDING, c.state());
    List<Command> cmds = c.handle(placed(5, 0, Map.of(0, node("a"), 1, node("b"), 2, node("c"))));
    var starts = only(cmds, Command.StartReplica.class);
    assertEquals(3, starts.size());
    assertTrue(starts.get(0).launch().rank0());
    assertEquals(0, starts.get(0).replica().index());
    for (var s : starts) {
      assertEquals("a.host", s.launch().rank0Host());
      assertEquals("3:3", s.launch().nnodes());
      assertEquals(new Slot.InBundle(new PgId("j", 0), s.replica().index()), s.slot());
    }
    assertEquals(JobState.RUNNING, c.state());
    assertEquals(5L, c.startedAt().orElseThrow());
  }

  @Test
  void lateGroupJoinsRunningJobAsScaleUpWithoutSpendingBudget() {
    JobController c = running(job(2, 4).build());
    var starts = only(c.handle(placed(100, 2, Map.of(0, node("z")))), Command.StartReplica.class);
    assertEquals(1, starts.size());
    assertEquals(3, starts.get(0).replica().index(), "pg k holds replica min+k-1");
    assertFalse(starts.get(0).launch().rank0());
    assertEquals("a.host", starts.get(0).launch().rank0Host());
    assertEquals(0, c.restarts());
    assertEquals(3, c.running());
  }

  @Test
  void scaleUpCanBeCountedAsRestartWhenConfigured() {
    JobController c = running(job(1, 3).maxRestarts(1).scaleUpCountsAsRestart(true).build());
    assertEquals(
        1, only(c.handle(placed(100, 1, Map.of(0, node("y")))), Command.StartReplica.class).size());
    assertEquals(1, c.restarts());
    assertTrue(
        only(c.handle(placed(200, 2, Map.of(0, node("z")))), Command.StartReplica.class).isEmpty(),
        "an exhausted budget cannot pay for another join");
    assertEquals(2, c.running());
  }

  @Test
  void lostReplicaWaitsForItsOwnBundleAndRestartsThere() {
    JobController c = running(job(3, 3).build());
    List<Command> cmds = both(c.handle(resched(100, 0, 1)), c.handle(lost(100, 1, 0)));
    assertEquals(ReplicaState.SCHEDULING, c.replicaState(1));
    assertEquals(1, c.restarts());
    assertTrue(only(cmds, Command.StartReplica.class).isEmpty(), "its bundle is not placed yet");
    var timers = only(cmds, Command.SetTimer.class);
    assertEquals(1, timers.size());
    assertEquals(TimerKind.RENDEZVOUS, timers.get(0).kind());
    assertEquals(100 + 10 * MIN, timers.get(0).at());

    var starts = only(c.handle(placed(200, 0, Map.of(1, node("d")))), Command.StartReplica.class);
    assertEquals(1, starts.size());
    assertEquals(new Slot.InBundle(new PgId("j", 0), 1), starts.get(0).slot());
    assertEquals(1, starts.get(0).attempt());
    assertEquals("a.host", starts.get(0).launch().rank0Host(), "rank 0 unchanged");
    assertEquals(3, c.running());
    assertFalse(c.awaitingRendezvous());
  }

  @Test
  void aLostBundleTakesItsReplicaWithItAndTheLaterLossReportIsStale() {
    JobController c = running(job(3, 3).build());
    List<Command> cmds = c.handle(resched(100, 0, 0, 1)); // rank 0 and replica 1 lost at once
    assertEquals(ReplicaState.SCHEDULING, c.replicaState(0));
    assertEquals(ReplicaState.SCHEDULING, c.replicaState(1));
    assertEquals(
        2, only(cmds, Command.StopReplica.class).size(), "the group restart stops the others");
    assertTrue(
        only(cmds, Command.StartReplica.class).isEmpty(), "nothing relaunches into lost bundles");
    assertEquals(1, c.restarts());
    assertTrue(c.handle(lost(100, 1, 0)).isEmpty(), "stale: already handled with the bundle");
    assertEquals(1, c.restarts());
  }

  @Test
  void nonZeroExitTakesFailingPathAndRestartsAtOnceInTheStillPlacedSlot() {
    JobController c = running(job(2, 2).build());
    var starts = only(c.handle(exited(50, 1, 0, 3)), Command.StartReplica.class);
    assertEquals(1, starts.size());
    assertEquals(1, starts.get(0).attempt());
    assertTrue(obs.log.contains("j/r1 RUNNING->FAILING"));
    assertTrue(obs.log.contains("j/r1 FAILING->SCHEDULING"));
    assertEquals(1, c.restarts());
  }

  @Test
  void losingRankZeroRestartsTheGroupWithANewRankZero() {
    JobController c = controller(job(2, 3).build());
    c.submit(0);
    c.handle(placed(1, 0, Map.of(0, node("a"), 1, node("b"))));
    c.handle(placed(2, 1, Map.of(0, node("c"))));
    assertEquals(0, c.rank0());
    assertEquals(1, c.generation());
    List<Command> cmds = both(c.handle(resched(10, 0, 0)), c.handle(lost(10, 0, 0)));
    var stops = only(cmds, Command.StopReplica.class);
    assertEquals(2, stops.size(), "the survivors are stopped for the group restart");
    var starts = only(cmds, Command.StartReplica.class);
    assertEquals(2, starts.size(), "replicas 1 and 2 are still placed: at least min, relaunch now");
    assertEquals(1, c.rank0());
    assertEquals("b.host", c.rank0Host());
    assertTrue(starts.stream().allMatch(s -> s.launch().rank0Host().equals("b.host")));
    assertEquals(2, c.generation());
    assertEquals(1, c.restarts(), "a group restart costs one restart");
    assertTrue(obs.log.contains("j/r1 RUNNING->SCHEDULING"));
  }

  @Test
  void rankZeroLossInFullGangWaitsForItsBundleThenElectsAgain() {
    JobController c = running(job(2, 2).build());
    List<Command> cmds = both(c.handle(resched(10, 0, 0)), c.handle(lost(10, 0, 0)));
    assertEquals(1, only(cmds, Command.StopReplica.class).size());
    assertTrue(only(cmds, Command.StartReplica.class).isEmpty());
    assertEquals(-1, c.rank0());
    var starts = only(c.handle(placed(20, 0, Map.of(0, node("n")))), Command.StartReplica.class);
    assertEquals(2, starts.size());
    assertEquals("n.host", c.rank0Host(), "rank 0's new node hosts the rendezvous");
  }

  @Test
  void restartBudgetIsJobWideAndExhaustionFailsTheJob() {
    JobController c = running(job(2, 2).maxRestarts(1).build());
    c.handle(exited(10, 0, 0, 1)); // rank 0 exits non-zero: group restart, restart 1 of 1
    assertEquals(1, c.restarts());
    assertEquals(JobState.RUNNING, c.state());
    List<Command> cmds = c.handle(exited(20, 1, 1, 1));
    assertEquals(JobState.FAILED, c.state());
    assertTrue(c.reason().contains("restart budget of 1 exhausted"), c.reason());
    assertEquals(1, only(cmds, Command.StopReplica.class).size());
    assertEquals(1, only(cmds, Command.RemovePlacementGroup.class).size());
    var fin = only(cmds, Command.JobFinished.class);
    assertEquals(JobOutcome.FAILED, fin.get(0).outcome());
    assertEquals(ReplicaState.FAILED, c.replicaState(1));
    assertEquals(ReplicaState.CANCELLED, c.replicaState(0));
    assertEquals(20L, c.finishedAt().orElseThrow());
  }

  @Test
  void zeroBudgetFailsOnFirstLoss() {
    JobController c = running(job(1, 1).maxRestarts(0).build());
    c.handle(lost(5, 0, 0));
    assertEquals(JobState.FAILED, c.state());
  }

  @Test
  void belowMinForRendezvousTimeoutFailsTheJob() {
    JobController c = running(job(2, 2).rendezvousTimeout(5 * MIN).build());
    var timer =
        only(both(c.handle(resched(100, 0, 1)), c.handle(lost(100, 1, 0))), Command.SetTimer.class)
            .get(0);
    assertTrue(c.awaitingRendezvous());
    List<Command> cmds =
        c.handle(new ClusterEvent.TimerFired(timer.at(), "j", TimerKind.RENDEZVOUS, timer.token()));
    assertEquals(JobState.FAILED, c.state());
    assertTrue(c.reason().startsWith("rendezvous timeout: 1 of min 2"), c.reason());
    assertEquals(1, only(cmds, Command.JobFinished.class).size());
  }

  @Test
  void rendezvousTimerIsDisarmedOnceBackAtMin() {
    JobController c = running(job(2, 2).build());
    var timer =
        only(both(c.handle(resched(100, 0, 1)), c.handle(lost(100, 1, 0))), Command.SetTimer.class)
            .get(0);
    c.handle(placed(200, 0, Map.of(1, node("z"))));
    c.handle(new ClusterEvent.TimerFired(timer.at(), "j", TimerKind.RENDEZVOUS, timer.token()));
    assertEquals(JobState.RUNNING, c.state());
    // A second loss arms a fresh timer with a new token.
    var second =
        only(both(c.handle(resched(300, 0, 1)), c.handle(lost(300, 1, 1))), Command.SetTimer.class)
            .get(0);
    assertTrue(second.token() != timer.token());
  }

  @Test
  void startTimeoutFailsAGangThatNeverFits() {
    JobController c = controller(job(4, 4).startTimeout(30 * MIN).build());
    var timer = only(c.submit(0), Command.SetTimer.class).get(0);
    assertEquals(TimerKind.START, timer.kind());
    assertEquals(30 * MIN, timer.at());
    List<Command> cmds =
        c.handle(new ClusterEvent.TimerFired(timer.at(), "j", TimerKind.START, timer.token()));
    assertEquals(JobState.FAILED, c.state());
    assertTrue(c.reason().contains("start timeout"));
    assertEquals(1, only(cmds, Command.RemovePlacementGroup.class).size());
  }

  @Test
  void startTimeoutIsIgnoredOnceTheGangStarted() {
    JobController c = controller(job(1, 1).startTimeout(MIN).build());
    var timer = only(c.submit(0), Command.SetTimer.class).get(0);
    c.handle(placed(10, 0, Map.of(0, node("a"))));
    c.handle(new ClusterEvent.TimerFired(timer.at(), "j", TimerKind.START, timer.token()));
    assertEquals(JobState.RUNNING, c.state());
  }

  @Test
  void cancelStopsEverythingAndFreesReservations() {
    JobController c = running(job(2, 3).build());
    List<Command> cmds = c.handle(new ClusterEvent.CancelRequested(50, "j"));
    assertEquals(JobState.CANCELLED, c.state());
    assertEquals(2, only(cmds, Command.StopReplica.class).size());
    assertEquals(2, only(cmds, Command.RemovePlacementGroup.class).size());
    assertEquals(JobOutcome.CANCELLED, only(cmds, Command.JobFinished.class).get(0).outcome());
    for (int i = 0; i < 3; i++) {
      assertEquals(ReplicaState.CANCELLED, c.replicaState(i));
    }
    assertTrue(c.handle(exited(60, 0, 0, 0)).isEmpty(), "a terminal job ignores late events");
  }

  @Test
  void firstSuccessTerminatesAndLateReplicasNeverStart() {
    // TorchX's elasticity test: min 1, max 2, only one node; replica 0 completes; when the second
    // group is finally placed, replica 1 is not executed.
    JobController c = controller(job(1, 2).build());
    c.submit(0);
    c.handle(placed(1, 0, Map.of(0, node("a"))));
    List<Command> cmds = c.handle(exited(100, 0, 0, 0));
    assertEquals(JobState.SUCCEEDED, c.state());
    assertEquals(ReplicaState.CANCELLED, c.replicaState(1));
    assertEquals(2, only(cmds, Command.RemovePlacementGroup.class).size());
    assertTrue(
        only(c.handle(placed(200, 1, Map.of(0, node("b")))), Command.StartReplica.class).isEmpty());
    assertEquals(1, c.replicasStarted());
  }

  @Test
  void terminatingJobWaitsForRunningReplicasAndStartsNothingNew() {
    JobController c = controller(job(2, 3).build());
    c.submit(0);
    c.handle(placed(1, 0, Map.of(0, node("a"), 1, node("b"))));
    List<Command> cmds = c.handle(exited(100, 0, 0, 0));
    assertEquals(JobState.TERMINATING, c.state());
    assertEquals(
        List.of(new PgId("j", 1)),
        only(cmds, Command.RemovePlacementGroup.class).stream()
            .map(Command.RemovePlacementGroup::pg)
            .toList(),
        "the never-used extra group is freed at once");
    assertTrue(c.handle(placed(150, 1, Map.of(0, node("c")))).isEmpty());
    cmds = c.handle(exited(200, 1, 0, 0));
    assertEquals(JobState.SUCCEEDED, c.state());
    assertEquals(200L, c.finishedAt().orElseThrow());
    assertEquals(1, only(cmds, Command.RemovePlacementGroup.class).size(), "the gang group");
  }

  @Test
  void failureWhileTerminatingIsNotRestarted() {
    JobController c = running(job(2, 2).build());
    c.handle(exited(100, 0, 0, 0));
    List<Command> cmds = c.handle(lost(110, 1, 0));
    assertTrue(only(cmds, Command.StartReplica.class).isEmpty());
    assertEquals(ReplicaState.FAILED, c.replicaState(1));
    assertEquals(JobState.SUCCEEDED, c.state(), "success was decided by the first completion");
    assertEquals(0, c.restarts());
  }

  @Test
  void staleEventsOfOldAttemptsAreIgnored() {
    JobController c = running(job(1, 1).build());
    c.handle(exited(10, 0, 0, 1)); // attempt 0 fails, attempt 1 starts
    assertEquals(1, c.attempt(0));
    assertTrue(c.handle(exited(11, 0, 0, 0)).isEmpty());
    assertEquals(JobState.RUNNING, c.state());
  }

  @Test
  void actorsModeRequestsBareDemandsAndNoPlacementGroups() {
    JobController c = controller(job(2, 2).reservation(Reservation.ACTORS).build());
    List<Command> cmds = c.submit(0);
    assertTrue(only(cmds, Command.CreatePlacementGroup.class).isEmpty());
    var reqs = only(cmds, Command.RequestActor.class);
    assertEquals(2, reqs.size());
    assertEquals(Resources.of("CPU", 1), reqs.get(0).demand());
    assertTrue(
        c.handle(new ClusterEvent.ActorPlaced(1, new ReplicaId("j", 1), 0, node("b"))).isEmpty());
    var starts =
        only(
            c.handle(new ClusterEvent.ActorPlaced(2, new ReplicaId("j", 0), 0, node("a"))),
            Command.StartReplica.class);
    assertEquals(2, starts.size());
    assertTrue(starts.get(0).slot() instanceof Slot.Actor);
    assertEquals("a.host", starts.get(1).launch().rank0Host());
  }

  @Test
  void actorsModeLostActorIsRequestedAgainBehindEveryoneElse() {
    JobController c = controller(job(2, 2).reservation(Reservation.ACTORS).build());
    c.submit(0);
    c.handle(new ClusterEvent.ActorPlaced(1, new ReplicaId("j", 0), 0, node("a")));
    c.handle(new ClusterEvent.ActorPlaced(1, new ReplicaId("j", 1), 0, node("b")));
    var req =
        only(
            c.handle(new ClusterEvent.ActorLost(5, new ReplicaId("j", 1), 0, "node died")),
            Command.RequestActor.class);
    assertEquals(1, req.size());
    assertEquals(1, req.get(0).lease());
    c.handle(lost(5, 1, 0));
    assertEquals(ReplicaState.SCHEDULING, c.replicaState(1));
    assertTrue(c.awaitingRendezvous());
    var starts =
        only(
            c.handle(new ClusterEvent.ActorPlaced(9, new ReplicaId("j", 1), 1, node("c"))),
            Command.StartReplica.class);
    assertEquals(1, starts.size());
  }

  @Test
  void actorsModeReleasesEveryLeaseWhenTheJobEnds() {
    JobController c = controller(job(1, 3).reservation(Reservation.ACTORS).build());
    c.submit(0);
    c.handle(new ClusterEvent.ActorPlaced(1, new ReplicaId("j", 0), 0, node("a")));
    List<Command> cmds = c.handle(exited(9, 0, 0, 0));
    assertEquals(JobState.SUCCEEDED, c.state());
    assertEquals(3, only(cmds, Command.ReleaseActor.class).size());
  }

  @Test
  void firstNodesRecordWhereEachReplicaFirstRan() {
    JobController c = running(job(2, 2).build());
    c.handle(new ClusterEvent.ReplicaStarted(10, new ReplicaId("j", 0), 0, node("a")));
    c.handle(new ClusterEvent.ReplicaStarted(10, new ReplicaId("j", 1), 0, node("b")));
    assertEquals("a", c.firstNodes().get(0).orElseThrow().name());
    assertEquals("b", c.firstNodes().get(1).orElseThrow().name());
  }

  @Test
  void refusesEventsForOtherJobsOrBeforeSubmit() {
    JobController c = controller(job(1, 1).build());
    assertThrows(IllegalStateException.class, () -> c.handle(exited(1, 0, 0, 0)));
    c.submit(0);
    assertThrows(IllegalStateException.class, () -> c.submit(1));
    assertThrows(
        IllegalArgumentException.class,
        () -> c.handle(new ClusterEvent.CancelRequested(1, "other")));
  }
}
