package dev.cohort.core.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResourcesTest {

  @Test
  void amountsAreFixedPointTruncatedLikeRay() {
    Resources r = Resources.of("CPU", 0.12345);
    assertEquals(1234, r.units("CPU"));
    assertEquals("{CPU: 0.1234}", r.toString());
  }

  @Test
  void arithmeticIsExactWhereDoublesWouldDrift() {
    Resources tenth = Resources.of("CPU", 0.1);
    Resources sum = Resources.NONE;
    for (int i = 0; i < 10; i++) {
      sum = sum.plus(tenth);
    }
    assertEquals(Resources.of("CPU", 1), sum);
    assertEquals(Resources.NONE, sum.minus(tenth.times(10)));
  }

  @Test
  void fitsRequiresEveryNamedAmount() {
    Resources node = Resources.of("CPU", 4, "GPU", 1);
    assertTrue(node.fits(Resources.of("CPU", 4)));
    assertTrue(node.fits(Resources.NONE));
    assertFalse(node.fits(Resources.of("CPU", 4.0001)));
    assertFalse(node.fits(Resources.of("TPU", 1)));
    assertFalse(node.fits(Resources.of("CPU", 1, "GPU", 2)));
  }

  @Test
  void zeroAmountsVanish() {
    assertEquals(Resources.of("CPU", 1), Resources.of(Map.of("CPU", 1, "GPU", 0)));
    assertTrue(Resources.of("GPU", 0).isEmpty());
  }

  @Test
  void subtractingMoreThanHeldIsABookkeepingError() {
    assertThrows(
        IllegalStateException.class, () -> Resources.of("CPU", 1).minus(Resources.of("CPU", 2)));
  }

  @ParameterizedTest
  @ValueSource(doubles = {-1, Double.NaN, Double.POSITIVE_INFINITY, 1e13})
  void refusesBadAmountsWithAClearMessage(double bad) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Resources.of("CPU", bad));
    assertTrue(e.getMessage().startsWith("resource CPU must"), e.getMessage());
  }

  @Test
  void parsesCommandLineForm() {
    assertEquals(Resources.of("CPU", 4, "GPU", 1), Resources.parse("CPU=4, GPU=1"));
    assertEquals(Resources.NONE, Resources.parse(" "));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"CPU", "CPU=", "=4", "CPU=four", "CPU=1,CPU=2", "CPU=-1", "bundle=1", "C PU=1"})
  void refusesMalformedCommandLineForm(String bad) {
    assertThrows(IllegalArgumentException.class, () -> Resources.parse(bad));
  }

  @Test
  void scalesByWholeFactors() {
    assertEquals(Resources.of("CPU", 3, "GPU", 1.5), Resources.of("CPU", 1, "GPU", 0.5).times(3));
    assertEquals(Resources.NONE, Resources.of("CPU", 1).times(0));
  }

  @Test
  void equalBagsHaveEqualHashesAndOrder() {
    Resources a = Resources.of("GPU", 1, "CPU", 2);
    Resources b = Resources.parse("CPU=2,GPU=1");
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(0, a.compareTo(b));
    assertEquals(Map.of("CPU", 2.0, "GPU", 1.0), a.asMap());
  }
}
