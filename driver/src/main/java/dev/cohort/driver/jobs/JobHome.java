package dev.cohort.driver.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where this host keeps its jobs: {@code $COHORT_HOME/jobs/<id>/} ({@code ~/.cohort} by default;
 * the system property {@code cohort.home} wins), one folder per run with its {@code status.json},
 * and a {@code cancel} marker when someone asked to cancel it.
 */
public final class JobHome {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private JobHome() {}

  /** The root folder. */
  public static Path root() {
    String p = System.getProperty("cohort.home");
    if (p == null || p.isBlank()) {
      p = System.getenv("COHORT_HOME");
    }
    if (p == null || p.isBlank()) {
      p = Path.of(System.getProperty("user.home"), ".cohort").toString();
    }
    return Path.of(p);
  }

  /** The folder of job {@code id}. */
  public static Path dir(String id) {
    return root().resolve("jobs").resolve(id);
  }

  /** A fresh id for a job called {@code name}: {@code name-xxxxxx}. */
  public static String newId(String name) {
    byte[] b = new byte[3];
    RANDOM.nextBytes(b);
    return name + "-" + HexFormat.of().formatHex(b);
  }

  /** The record of {@code id}, if there is one. */
  public static Optional<JobRecord> find(String id) {
    Path f = dir(id).resolve("status.json");
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JobRecord.fromJson(JSON.readTree(f.toFile())));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Every job, oldest first. */
  public static List<JobRecord> all() {
    Path jobs = root().resolve("jobs");
    List<JobRecord> out = new ArrayList<>();
    if (!Files.isDirectory(jobs)) {
      return out;
    }
    try (Stream<Path> dirs = Files.list(jobs)) {
      for (Path d : dirs.sorted().toList()) {
        find(d.getFileName().toString()).ifPresent(out::add);
      }
    } catch (IOException e) {
      return out;
    }
    out.sort(Comparator.comparingLong(JobRecord::startedAtMillis).thenComparing(JobRecord::id));
    return out;
  }

  /** Writes {@code r} atomically (a reader never sees half a file). */
  public static void write(JobRecord r) throws IOException {
    Path dir = Files.createDirectories(dir(r.id()));
    Path tmp = dir.resolve(".status.json.tmp");
    Files.writeString(tmp, r.toJson().toString());
    Files.move(
        tmp,
        dir.resolve("status.json"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The marker that asks the driver of {@code id} to cancel the job. */
  public static Path cancelMarker(String id) {
    return dir(id).resolve("cancel");
  }
}
