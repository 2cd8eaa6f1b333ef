package dev.cohort.sim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cohort.core.resources.Resources;
import dev.cohort.core.spec.Distribution;
import dev.cohort.core.spec.JobSpec;
import dev.cohort.core.spec.SpecException;
import dev.cohort.core.spec.WorkSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobTraceReaderTest {
  static final long S = 1_000_000L;

  @TempDir Path tmp;

  static JobTraceSpec spec(String submit, String duration, String gpus) {
    return new JobTraceSpec(
        submit,
        Optional.ofNullable(duration),
        Optional.ofNullable(gpus),
        8,
        Optional.empty(),
        0,
        OptionalLong.empty(),
        1.0,
        1.0,
        OptionalLong.empty());
  }

  JobTrace read(JobTraceSpec spec, String csv) throws IOException {
    Path f = Files.writeString(tmp.resolve("t.csv"), csv);
    return JobTraceReader.read(spec, f, "t.csv");
  }

  @Test
  void timestampsInAnyOrderBecomeOffsetsFromTheFirstSubmission() throws IOException {
    JobTrace t =
        read(
            spec("timestamp", "duration", "num_gpus"),
            """
            timestamp,duration,num_gpus,gpu_time,cluster
            2017-10-09 07:01:55,66.0,1,66.0,11cb48
            2017-10-09 06:13:03,2951.0,16,2951.0,6214e9

            2017-10-09T07:01:55Z,1.5,12,1,x
            """);
    assertEquals(3, t.size());
    assertEquals(0, t.submitAt(0));
    assertEquals(2951 * S, t.runTime(0));
    assertEquals(48 * 60 * S + 52 * S, t.submitAt(1), "06:13:03 → 07:01:55");
    assertEquals(t.submitAt(1), t.submitAt(2), "the same instant written two ways");
    assertEquals(66 * S, t.runTime(1), "ties keep file order");
    assertEquals(1_500_000, t.runTime(2));
    assertEquals(2, t.replicas(0), "16 GPUs at 8 per replica");
    assertEquals(1, t.replicas(1));
    assertEquals(2, t.replicas(2), "12 GPUs: ceil(12/8)");
  }

  @Test
  void eachJobGetsItsReplicasAnEvenGpuShareAndItsRunTime() throws IOException {
    JobTrace t = read(spec("s", "d", "g"), "s,d,g\n0,60,12\n10,30,0\n");
    JobSpec template = JobSpec.builder("x").resources(Resources.of("CPU", 4)).build();
    JobTrace.ResourceCache cache = new JobTrace.ResourceCache();
    JobSpec a = t.job(0, template, "t-0", cache);
    assertEquals("t-0", a.name());
    assertEquals(2, a.replicas().min());
    assertEquals(2, a.replicas().max());
    assertEquals(Resources.of("CPU", 4, "GPU", 6), a.resources());
    assertEquals(Optional.of(new WorkSpec.PerReplica(new Distribution.Fixed(60 * S))), a.work());
    JobSpec b = t.job(1, template, "t-1", cache);
    assertEquals(1, b.replicas().min(), "a job without GPUs has one replica");
    assertEquals(Resources.of("CPU", 4), b.resources());
  }

  @Test
  void aCheckpointProfileMakesRunTimeTimesReplicasOfWork() throws IOException {
    JobTraceSpec s =
        new JobTraceSpec(
            "s",
            Optional.of("d"),
            Optional.of("g"),
            8,
            Optional.of(new CheckpointProfile(600 * S, 10 * S, 30 * S)),
            0,
            OptionalLong.empty(),
            1.0,
            1.0,
            OptionalLong.empty());
    JobTrace t = read(s, "s,d,g\n0,3600,32\n");
    JobSpec j = t.job(0, JobSpec.builder("x").build(), "t-0", new JobTrace.ResourceCache());
    assertEquals(
        Optional.of(new WorkSpec.Checkpointed(4 * 3600 * S, 600 * S, 10 * S, 30 * S)), j.work());
  }

  @Test
  void windowScaleAndLimitSelectAndStretchThePart() throws IOException {
    JobTraceSpec s =
        new JobTraceSpec(
            "s",
            Optional.of("d"),
            Optional.empty(),
            1,
            Optional.empty(),
            100 * S,
            OptionalLong.of(400 * S),
            0.5,
            2.0,
            OptionalLong.of(2));
    JobTrace t = read(s, "s,d\n1000,1\n1100,2\n1200,3\n1300,4\n1600,5\n");
    assertEquals(2, t.size(), "window [100s, 400s) holds 3; the limit keeps 2");
    assertEquals(0, t.submitAt(0), "the window starts at 0");
    assertEquals(50 * S, t.submitAt(1), "100 s after the window start, halved");
    assertEquals(4 * S, t.runTime(0), "2 s doubled");
    assertEquals(-1, t.gpus(0));
  }

  @Test
  void aBadCellNamesFileLineColumnAndWhatIsAllowed() {
    SpecException e =
        assertThrows(
            SpecException.class, () -> read(spec("s", "d", "g"), "s,d,g\n0,10,1\n\n5,ten,1\n"));
    assertEquals(
        "t.csv:4:2: d: expected seconds (e.g. 3600 or 3600.5) or a duration such as 250ms, 30s,"
            + " 5m, 2h or 3d (units: us, ms, s, m, h, d), got 'ten'",
        e.getMessage());
    e = assertThrows(SpecException.class, () -> read(spec("s", "d", "g"), "s,d,g\n0,10,1.5\n"));
    assertEquals(
        "t.csv:2:3: g: expected a whole number from 0 to 1000000, got '1.5'", e.getMessage());
    e = assertThrows(SpecException.class, () -> read(spec("s", "d", "g"), "s,d,g\n0,-3,1\n"));
    assertEquals("t.csv:2:2: d: must not be negative, got -3", e.getMessage());
    e = assertThrows(SpecException.class, () -> read(spec("s", "d", "g"), "s,d,g\n0,3\n"));
    assertEquals("t.csv:2:1: has 2 cells; the header has 3 columns", e.getMessage());
    e =
        assertThrows(
            SpecException.class,
            () -> read(spec("s", null, null), "s\n2017-10-09 07:01:55\n2017-13-09 07:01:55\n"));
    assertEquals(
        "t.csv:3:1: s: expected an ISO timestamp such as 2017-10-09 07:01:55 or"
            + " 2017-10-09T07:01:55Z, got '2017-13-09 07:01:55'",
        e.getMessage());
    e = assertThrows(SpecException.class, () -> read(spec("s", "d", null), "s,d\n0,\"1\n"));
    assertEquals(
        "t.csv:2:1: not valid CSV here (an unclosed quote, or text after a closing quote)",
        e.getMessage());
  }

  @Test
  void aMissingColumnIsReportedWithTheHeader() {
    TraceColumnMissing e =
        assertThrows(TraceColumnMissing.class, () -> read(spec("s", "dur", null), "s,d\n0,1\n"));
    assertEquals("duration", e.key());
    assertEquals("no column 'dur' in the trace's header; it has: s, d", e.getMessage());
  }
}
