package dev.cohort.driver.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The GPUs of this host, by the indices {@code CUDA_VISIBLE_DEVICES} takes: from {@code nvidia-smi
 * -L} ("GPU 0: …"), else one per entry of {@code /proc/driver/nvidia/gpus}, else none.
 */
public final class GpuDevices {
  private static final Pattern LINE = Pattern.compile("^GPU (\\d+):");

  private GpuDevices() {}

  /** What was found and how. */
  public record Found(List<String> indices, String how) {}

  /** Looks for GPUs (a second at most). */
  public static Found detect() {
    try {
      Process p =
          new ProcessBuilder("nvidia-smi", "-L")
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
        List<String> out = new ArrayList<>();
        for (String line :
            new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          Matcher m = LINE.matcher(line.strip());
          if (m.find()) {
            out.add(m.group(1));
          }
        }
        return new Found(out, "nvidia-smi -L");
      }
      p.destroyForcibly();
    } catch (IOException e) {
      // no nvidia-smi: look at the driver's files
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Path proc = Path.of("/proc/driver/nvidia/gpus");
    if (Files.isDirectory(proc)) {
      try (Stream<Path> s = Files.list(proc)) {
        long n = s.count();
        return new Found(indices((int) n), "/proc/driver/nvidia/gpus");
      } catch (IOException e) {
        // unreadable: no GPUs we can use
      }
    }
    return new Found(List.of(), "no nvidia-smi and no /proc/driver/nvidia/gpus");
  }

  /** Indices 0..n−1. */
  public static List<String> indices(int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(Integer.toString(i));
    }
    return out;
  }
}
