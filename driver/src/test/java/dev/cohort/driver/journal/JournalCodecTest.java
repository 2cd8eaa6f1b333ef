package dev.cohort.driver.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cohort.core.placement.PlacementGroupSpec;
import dev.cohort.core.placement.PlacementStrategy;
import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.Command;
import dev.cohort.core.port.JobOutcome;
import dev.cohort.core.port.Launch;
import dev.cohort.core.port.NodeRef;
import dev.cohort.core.port.PgId;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.port.Slot;
import dev.cohort.core.port.TimerKind;
import dev.cohort.core.resources.Resources;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every command and event kind survives the journal unchanged, resources to the last unit. */
class JournalCodecTest {
  static final ReplicaId R = new ReplicaId("j", 1);
  static final PgId PG = new PgId("j", 2);
  static final NodeRef N = new NodeRef("local-3", "127.0.0.1", 1);
  static final Resources ODD =
      Resources.ofUnits(new java.util.TreeMap<>(Map.of("CPU", 3L, "GPU", 10000L)));

  static final List<Command> COMMANDS =
      List.of(
          new Command.CreatePlacementGroup(
              PlacementGroupSpec.uniform(PG, 2, ODD, PlacementStrategy.STRICT_SPREAD)),
          new Command.RemovePlacementGroup(PG),
          new Command.RequestActor(R, 4, ODD),
          new Command.ReleaseActor(R, 4),
          new Command.StartReplica(R, 2, new Slot.InBundle(PG, 1), new Launch(false, "h", 1, 3, 7)),
          new Command.StartReplica(R, 0, new Slot.Actor(R, ODD), new Launch(true, "", 2, 2, 1)),
          new Command.StopReplica(R, 2),
          new Command.SetTimer("j", TimerKind.RENDEZVOUS, 9, 123_456_789L),
          new Command.JobFinished("j", JobOutcome.FAILED, "restart budget of 3 exhausted"));

  static final List<ClusterEvent> EVENTS =
      List.of(
          new ClusterEvent.PlacementGroupPlaced(1, PG, Map.of(0, N, 1, N)),
          new ClusterEvent.PlacementGroupRescheduling(2, PG, List.of(1, 0)),
          new ClusterEvent.PlacementGroupRefused(3, PG, "name taken"),
          new ClusterEvent.ActorPlaced(4, R, 5, N),
          new ClusterEvent.ActorLost(5, R, 5, "node died"),
          new ClusterEvent.ReplicaStarted(6, R, 2, N),
          new ClusterEvent.ReplicaExited(7, R, 2, 143),
          new ClusterEvent.ReplicaLost(8, R, 2, "killed"),
          new ClusterEvent.LaunchRefused(8, R, 3, "/opt/x: no such file"),
          new ClusterEvent.TimerFired(9, "j", TimerKind.START, 11),
          new ClusterEvent.CancelRequested(10, "j"));

  @Test
  void everyCommandRoundTrips() {
    for (Command c : COMMANDS) {
      com.fasterxml.jackson.databind.JsonNode json = JournalCodec.command(c);
      assertEquals(c, JournalCodec.command(json));
    }
  }

  @Test
  void everyEventRoundTrips() {
    for (ClusterEvent e : EVENTS) {
      assertEquals(e, JournalCodec.event(JournalCodec.event(e)));
    }
  }

  @Test
  void theSamplesCoverEveryKind() {
    assertEquals(
        kinds(Command.class), COMMANDS.stream().map(Object::getClass).collect(Collectors.toSet()));
    assertEquals(
        kinds(ClusterEvent.class),
        EVENTS.stream().map(Object::getClass).collect(Collectors.toSet()));
  }

  private static Set<Class<?>> kinds(Class<?> sealed) {
    return Arrays.stream(sealed.getPermittedSubclasses())
        .flatMap(c -> c.isSealed() ? kinds(c).stream() : java.util.stream.Stream.of(c))
        .collect(Collectors.toSet());
  }
}
