package dev.cohort.driver.cli;

import dev.cohort.driver.local.GpuDevices;
import java.util.List;

/** Lets tests in other packages pretend the host has no GPUs. */
public final class RunCommandAccess {
  private RunCommandAccess() {}

  public static void detectNoGpus() {
    RunCommand.gpuDetector = () -> new GpuDevices.Found(List.of(), "pretended for a test");
  }

  public static void detectForReal() {
    RunCommand.gpuDetector = GpuDevices::detect;
  }
}
