package dev.cohort.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineTest {
  final List<String> fired = new ArrayList<>();
  final Engine engine = new Engine(new Trace());

  final class Mark extends SimEvent {
    final String name;

    Mark(String name) {
      this.name = name;
    }

    @Override
    public void fire() {
      fired.add(name);
    }

    @Override
    public void trace(Trace t) {
      t.kind(name);
    }
  }

  @Test
  void ordersByTimeThenPriorityThenInsertion() {
    engine.schedule(10, EventPriority.SUBMIT, new Mark("submit@10"));
    engine.schedule(10, EventPriority.NODE_CRASH, new Mark("crash@10"));
    engine.schedule(5, EventPriority.SUBMIT, new Mark("submit@5"));
    engine.schedule(10, EventPriority.NODE_CRASH, new Mark("crash2@10"));
    engine.run(100, () -> false);
    assertEquals(List.of("submit@5", "crash@10", "crash2@10", "submit@10"), fired);
    assertEquals(100, engine.now(), "a run that is not over idles until the horizon");
    assertEquals(4, engine.fired());
  }

  @Test
  void aRunThatEndsStaysAtItsLastEvent() {
    engine.schedule(3, EventPriority.WORK, new Mark("a"));
    engine.schedule(7, EventPriority.WORK, new Mark("b"));
    engine.run(100, () -> fired.size() == 2);
    assertEquals(7, engine.now());
  }

  @Test
  void cancelledEventsNeverFireAndStopAtTheHorizon() {
    engine.schedule(1, EventPriority.WORK, new Mark("a")).cancel();
    engine.schedule(2, EventPriority.WORK, new Mark("b"));
    engine.schedule(50, EventPriority.WORK, new Mark("late"));
    engine.run(20, () -> false);
    assertEquals(List.of("b"), fired);
    assertEquals(20, engine.now(), "time ends at the horizon when later events remain");
  }

  @Test
  void refusesToScheduleInThePast() {
    engine.schedule(10, EventPriority.WORK, new Mark("x"));
    engine.run(10, () -> false);
    assertThrows(
        IllegalArgumentException.class,
        () -> engine.schedule(9, EventPriority.WORK, new Mark("y")));
  }

  @Test
  void aCancelledSamePhaseEventDoesNotHoldABatchOpen() {
    List<Boolean> samePhase = new ArrayList<>();
    engine.afterEach(() -> samePhase.add(engine.nextInSamePhase(engine.phase())));
    engine.schedule(7, EventPriority.NODE_DEAD, new Mark("dead-a"));
    engine.schedule(7, EventPriority.NODE_DEAD, new Mark("dead-b")).cancel();
    engine.schedule(9, EventPriority.NODE_DEAD, new Mark("dead-c"));
    engine.run(100, () -> false);
    assertEquals(List.of(false, false), samePhase);
  }

  @Test
  void traceHashDependsOnContentAndOrder() {
    Trace a = new Trace();
    Trace b = new Trace();
    a.begin(1, 0);
    a.kind("x").field("n", 1);
    b.begin(1, 0);
    b.kind("x").field("n", 2);
    assertNotEquals(a.hash(), b.hash());
    Trace c = new Trace();
    c.begin(1, 0);
    c.kind("x").field("n", 1);
    assertEquals(a.hash(), c.hash());
  }

  @Test
  void seedStreamsAreIndependentOfEachOtherAndStable() {
    SeedStreams s = new SeedStreams(7);
    long a1 = s.stream("failures/w-0").nextLong();
    long a2 = new SeedStreams(7).stream("failures/w-0").nextLong();
    long b = s.stream("failures/w-1").nextLong();
    long c = new SeedStreams(8).stream("failures/w-0").nextLong();
    assertEquals(a1, a2);
    assertNotEquals(a1, b);
    assertNotEquals(a1, c);
    assertTrue(engine.pending() == 0);
    assertFalse(engine.nextInSamePhase(EventPriority.WORK));
  }
}
