package dev.cohort.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.core.resources.Resources;
import dev.cohort.testkit.Property.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenTest {
  @Test
  void theReplayTokenRegeneratesTheFailingValueAtItsSize() {
    // The case: x < 5 over sized(0, 1000) used to replay at the largest size.
    PropertyFailure f =
        assertThrows(
            PropertyFailure.class,
            () ->
                PropertyCheck.forAll(Gen.sized(0, 1000))
                    .named("small")
                    .tries(300)
                    .maxSize(1000)
                    .check(x -> Verdict.check(x < 5, "x = " + x)));
    PropertyFailure.Details d = f.details().orElseThrow();
    assertEquals(5, d.shrunk());
    PropertyFailure again =
        assertThrows(
            PropertyFailure.class,
            () ->
                PropertyCheck.forAll(Gen.sized(0, 1000))
                    .named("small")
                    .replay(d.replayToken())
                    .check(x -> Verdict.check(x < 5, "x = " + x)));
    assertEquals(d.original(), again.original());
  }

  @Test
  void shrinkingKeepsTheSameKindOfFailure() {
    // Above 500 it throws; from 5 on an assertion fails. A failure found above 500 must stay a
    // throw while shrinking, not turn into the other bug.
    PropertyFailure f =
        assertThrows(
            PropertyFailure.class,
            () ->
                PropertyCheck.forAll(Gen.ints(501, 1000))
                    .tries(5)
                    .checkThat(
                        x -> {
                          if (x > 500) {
                            throw new IllegalStateException("overflow at " + x);
                          }
                          assertTrue(x < 5);
                        }));
    assertEquals(501, f.shrunk());
    assertEquals(IllegalStateException.class, f.getCause().getClass());
  }

  @Test
  void aFilterThatNeverMatchesDiscardsAndTheCheckGivesUp() {
    PropertyFailure f =
        assertThrows(
            PropertyFailure.class,
            () ->
                PropertyCheck.forAll(Gen.ints(0, 10).filter(x -> x > 10))
                    .tries(10)
                    .check(x -> Verdict.OK));
    assertTrue(
        f.getMessage().contains("gave up: 60 of 60 generated values were discarded"),
        f.getMessage());
    PropertyReport r =
        PropertyCheck.forAll(Gen.ints(0, 10).filter(x -> x % 2 == 0))
            .tries(40)
            .check(x -> Verdict.check(x % 2 == 0, "odd"));
    assertEquals(40, r.checked());
    assertEquals(0, r.discarded());
  }

  @Test
  void numbersDurationsAndResourcesStayInRangeAndShrinkTowardTheLowerBound() {
    PropertyCheck.forAll(Gen.zip(Gen.longs(-5, 5), Gen.doubles(0.5, 2.5), List::of))
        .tries(200)
        .check(
            p -> {
              long l = (Long) p.get(0);
              double d = (Double) p.get(1);
              return Verdict.check(l >= -5 && l <= 5 && d >= 0.5 && d < 2.5, p.toString());
            });
    Gen<Long> durations = Gen.durations("30s", "2h");
    PropertyCheck.forAll(durations)
        .tries(200)
        .check(
            us ->
                Verdict.check(
                    us >= 30_000_000L && us <= 7_200_000_000L && us % 1_000_000 == 0, "" + us));
    assertEquals(List.of(30_000_000L), durations.shrink(30_000_000L + 1_000_000).subList(0, 1));
    assertEquals(
        Resources.of("GPU", 1), Gen.resources("GPU", 1, 8).shrink(Resources.of("GPU", 6)).get(0));
    assertEquals(List.of(), Gen.longs(3, 9).shrink(3L));
  }

  @Test
  void frequencyFollowsTheWeightsAndOneOfGensCoversEveryGenerator() {
    Gen<String> g =
        Gen.frequency(Gen.weighted(9, Gen.constant("a")), Gen.weighted(1, Gen.constant("b")));
    PropertyCheck<String> c = PropertyCheck.forAll(g);
    int a = 0;
    for (int i = 0; i < 2_000; i++) {
      if (c.generate(i, 1).equals("a")) {
        a++;
      }
    }
    assertTrue(a > 1_700 && a < 1_900, "a: " + a);
    Gen<Integer> either = Gen.oneOfGens(List.of(Gen.constant(1), Gen.constant(2)));
    PropertyCheck<Integer> e = PropertyCheck.forAll(either);
    boolean one = false;
    boolean two = false;
    for (int i = 0; i < 100; i++) {
      int v = e.generate(i, 1);
      one |= v == 1;
      two |= v == 2;
    }
    assertTrue(one && two);
  }

  @Test
  void listsShrinkByDroppingItemsThenShrinkingThem() {
    PropertyFailure f =
        assertThrows(
            PropertyFailure.class,
            () ->
                PropertyCheck.forAll(Gen.listOf(Gen.ints(0, 10), Gen.ints(0, 100)))
                    .tries(200)
                    .check(
                        l ->
                            Verdict.check(
                                l.stream().mapToInt(Integer::intValue).sum() < 50, "sum " + l)));
    @SuppressWarnings("unchecked")
    List<Integer> shrunk = (List<Integer>) f.shrunk();
    assertEquals(
        50, shrunk.stream().mapToInt(Integer::intValue).sum(), "at the boundary: " + shrunk);
    assertTrue(shrunk.size() <= 2, "items that do not matter are dropped: " + shrunk);
  }
}
