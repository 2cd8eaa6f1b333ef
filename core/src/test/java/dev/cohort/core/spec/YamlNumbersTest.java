package dev.cohort.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written core-schema number checks agree with the schema's regular expressions. */
class YamlNumbersTest {
  static final Pattern INT = Pattern.compile("[-+]?[0-9]+");
  static final Pattern FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

  @Test
  void agreeWithTheSchemaOnRandomNumberLikeText() {
    SplittableRandom r = new SplittableRandom(1);
    String alphabet = "0123456789+-.eEx ";
    for (int i = 0; i < 200_000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = 1 + r.nextInt(7);
      for (int k = 0; k < n; k++) {
        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      String v = sb.toString();
      assertEquals(INT.matcher(v).matches(), YamlTree.isInteger(v), v);
      assertEquals(FLOAT.matcher(v).matches(), YamlTree.isFloat(v), v);
    }
    for (String v : new String[] {"1", "-1", "+0", "1.", ".5", "1e9", "1.5E-3", "-.5e+2"}) {
      assertEquals(FLOAT.matcher(v).matches(), YamlTree.isFloat(v), v);
    }
  }
}
