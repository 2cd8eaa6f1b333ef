package dev.cohort.sim.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvailabilityTraceReaderTest {
  @TempDir Path tmp;

  AvailabilityTrace read(String csv) throws IOException {
    Path f = Files.writeString(tmp.resolve("spot.csv"), csv);
    return AvailabilityTraceReader.read(
        "spot", f, "spot.csv", Resources.of("GPU", 1), new TreeMap<>());
  }

  @Test
  void eventsAreTakenInTimeOrderWithAnOptionalHeader() throws IOException {
    AvailabilityTrace t =
        read(
            "time_ms,event,node\n120000,remove,node1\n0,add,node1\n0,add,node2\n60000.5,add,node3\n");
    assertArrayEquals(new long[] {0, 0, 60_000_500, 120_000_000}, t.at());
    assertArrayEquals(new String[] {"node1", "node2", "node3", "node1"}, t.node());
    assertArrayEquals(new boolean[] {true, true, true, false}, t.add());
    assertEquals("node1", t.firstNode());
  }

  @Test
  void anInconsistentOrBadEventNamesItsLine() {
    SpecException e = assertThrows(SpecException.class, () -> read("0,add,a\n10,add,a\n"));
    assertEquals(
        "spot.csv:2:3: node: a is added while it is already present (events are taken in time"
            + " order)",
        e.getMessage());
    e = assertThrows(SpecException.class, () -> read("0,add,a\n10,remove,b\n"));
    assertEquals(
        "spot.csv:2:3: node: b is removed while absent (events are taken in time order)",
        e.getMessage());
    e = assertThrows(SpecException.class, () -> read("0,add,a\n10,preempt,a\n"));
    assertEquals("spot.csv:2:2: event: expected add or remove, got 'preempt'", e.getMessage());
    e = assertThrows(SpecException.class, () -> read("0,add,a\n-5,remove,a\n"));
    assertEquals("spot.csv:2:1: time_ms: must not be negative, got -5", e.getMessage());
    e = assertThrows(SpecException.class, () -> read("0,add\n"));
    assertEquals("spot.csv:1:1: expected 3 cells (time_ms,add|remove,node), got 2", e.getMessage());
  }
}
