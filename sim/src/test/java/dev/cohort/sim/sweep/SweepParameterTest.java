package dev.cohort.sim.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepParameterTest {
  @Test
  void listsIntegerRangesAndDurationRanges() {
    SweepParameter p = SweepParameter.parse("jobs.train.work.checkpointEvery=15m, 30m,1h");
    assertEquals("jobs.train.work.checkpointEvery", p.path());
    assertEquals(List.of("15m", "30m", "1h"), p.values());
    assertEquals(
        List.of("48", "56", "64", "72", "80"),
        SweepParameter.parse("cluster.nodeGroups.gpu.count=48..80/8").values());
    assertEquals(List.of("1", "2", "3"), SweepParameter.parse("x=1..3").values());
    assertEquals(
        List.of("15m", "30m", "45m", "1h", "75m", "90m"),
        SweepParameter.parse("x=15m..90m/15m").values());
    assertEquals(List.of("48", "56"), SweepParameter.parse("x=48..60/8").values(), "TO not hit");
  }

  @Test
  void badSpecificationsSayWhatIsAllowed() {
    assertTrue(msg("nopath").contains("expected PATH=VALUES"));
    assertTrue(msg("x=").contains("no values given"));
    assertTrue(msg("x=1,,2").contains("an empty value"));
    assertTrue(msg("x=1,2,1").contains("the value 1 is given twice"));
    assertTrue(msg("x=80..48/8").contains("is empty"));
    assertTrue(msg("x=1..5/0").contains("must be positive"));
    assertTrue(msg("x=1..100000000").contains("more than 10000 values"));
    assertTrue(msg("x=15m..2h").contains("needs a step"));
    assertTrue(msg("x=a..b/c").contains("is not a range"));
  }

  @Test
  void numericValuesForAxes() {
    assertEquals(0.5, SweepParameter.numeric("30m"), 1e-12);
    assertEquals(48, SweepParameter.numeric("48"), 1e-12);
    assertTrue(Double.isNaN(SweepParameter.numeric("actors")));
    assertTrue(SweepParameter.parse("x=30m,1h").durations());
  }

  private static String msg(String spec) {
    return assertThrows(IllegalArgumentException.class, () -> SweepParameter.parse(spec))
        .getMessage();
  }
}
