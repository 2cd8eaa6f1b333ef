package dev.cohort.driver.runtime;

import dev.cohort.core.port.Command;
import dev.cohort.core.spec.JobSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment every backend gives a replica process: the job's {@code env}, then Cohort's
 * variables (which the job cannot override) and {@code TORCHX_RANK0_HOST} for TorchX/torchrun
 * scripts.
 */
public final class ReplicaEnvironment {
  private ReplicaEnvironment() {}

  /** The variables for one start; {@code node} is the node's name where the backend knows it. */
  public static Map<String, String> of(
      JobSpec spec, Command.StartReplica s, String rendezvous, String node) {
    int i = s.replica().index();
    Map<String, String> env = new LinkedHashMap<>(spec.envOf(i));
    env.put("COHORT_JOB", spec.name());
    if (spec.roleOf(i) != null) {
      env.put("COHORT_ROLE", spec.roleOf(i).name());
    }
    env.put("COHORT_REPLICA", Integer.toString(s.replica().index()));
    env.put("COHORT_ATTEMPT", Integer.toString(s.attempt()));
    env.put("COHORT_RANK0", s.launch().rank0() ? "1" : "0");
    env.put("COHORT_RANK0_HOST", s.launch().rank0Host());
    env.put("COHORT_RDZV_ENDPOINT", rendezvous);
    env.put("COHORT_NNODES", s.launch().nnodes());
    env.put("COHORT_GENERATION", Integer.toString(s.launch().generation()));
    env.put("COHORT_NODE", node);
    env.put("TORCHX_RANK0_HOST", s.launch().rank0Host());
    return env;
  }

  /** {@code host:port} with a port free on this machine now, for one group generation. */
  public static String rendezvousEndpoint(String host) {
    try (ServerSocket sock = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return host + ":" + sock.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
