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
  @ValueSource(
      strings = {"", "5", "5 minutes", "-5m", "1e3s", "h", "5M", "1000000001h", "41666667d"})
  void refusesWhatIsNotADuration(String bad) {
    assertThrows(IllegalArgumentException.class, () -> Durations.parseMicros(bad));
  }

  @Test
  void acceptsUpToABillionHours() {
    assertEquals(1_000_000_000L * Durations.MICROS_PER_HOUR, Durations.parseMicros("1000000000h"));
    assertEquals(151 * 365 * Durations.MICROS_PER_DAY, Durations.parseMicros("55115d"));
  }

  @Test
  void sumsAndProductsOfLongTimesSaturateInsteadOfWrapping() {
    long max = Durations.MAX_MICROS;
    assertEquals(2 * max, Durations.plus(max, max), "two accepted times still fit");
    assertEquals(Long.MAX_VALUE, Durations.plus(Long.MAX_VALUE - 1, max));
    assertEquals(Long.MAX_VALUE, Durations.times(max, 2048));
    assertEquals(2048 * Durations.MICROS_PER_DAY, Durations.times(Durations.MICROS_PER_DAY, 2048));
  }

  @Test
  void formatsInTheLargestExactUnit() {
    assertEquals("90m", Durations.format(90 * Durations.MICROS_PER_MINUTE));
    assertEquals("2h", Durations.format(2 * Durations.MICROS_PER_HOUR));
    assertEquals("250ms", Durations.format(250_000));
    assertEquals("0s", Durations.format(0));
  }
}
