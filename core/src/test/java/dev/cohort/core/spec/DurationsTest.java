package dev.cohort.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "250ms, 250000",
    "30s, 30000000",
    "5m, 300000000",
    "2h, 7200000000",
    "3d, 259200000000",
    "1.5h, 5400000000",
    "100us, 100",
    "0s, 0"
  })
  void parsesEveryUnit(String text, long micros) {
    assertEquals(micros, Durations.parseMicros(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5 minutes", "-5m", "1e3s", "h", "5M", "36501d"})
  void refusesWhatIsNotADuration(String bad) {
    assertThrows(IllegalArgumentException.class, () -> Durations.parseMicros(bad));
  }

  @Test
  void formatsInTheLargestExactUnit() {
    assertEquals("90m", Durations.format(90 * Durations.MICROS_PER_MINUTE));
    assertEquals("2h", Durations.format(2 * Durations.MICROS_PER_HOUR));
    assertEquals("250ms", Durations.format(250_000));
    assertEquals("0s", Durations.format(0));
  }
}
