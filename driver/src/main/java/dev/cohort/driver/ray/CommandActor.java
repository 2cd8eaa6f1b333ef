package dev.cohort.driver.ray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cohort.driver.local.ProcessGroups;
import dev.cohort.driver.runtime.LaunchCheck;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Ray actor that runs one replica attempt: it starts the replica's argv as a process on its
 * node (in its own session, no shell), copies the output to the worker's stdout with the replica
 * prefix, and returns the exit code. Arguments are JSON strings, never records or Optionals, which
 * Ray's serializer cannot carry.
 */
public class CommandActor {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Live processes by key; in single-process mode the backend's fault-injection seam reaches them
   * here (Ray cannot kill an actor in that mode).
   */
  static final Map<String, Process> LIVE = new ConcurrentHashMap<>();

  /**
   * Calls an actor serves at once: the attempt running, a stop of it, and the replica's next
   * attempt, which may start in the slot while the previous one takes its grace to shut down.
   */
  public static final int CONCURRENT_CALLS = 3;

  public CommandActor() {}

  /** How many replica processes the command actors of this JVM are running now. */
  public static int liveProcesses() {
    return LIVE.size();
  }

  /** Completes once the actor exists (its slot is placed): the placement probe. */
  public String ready() {
    try {
      return InetAddress.getLocalHost().getHostAddress();
    } catch (IOException e) {
      return "127.0.0.1";
    }
  }

  /**
   * Stops the process of attempt {@code key} if this actor runs it: SIGTERM to its process group,
   * SIGKILL after {@code graceMillis}. True when there was one. The actor is created with room for
   * {@link #CONCURRENT_CALLS} concurrent calls, so this is served while {@link #run} waits for the
   * process.
   */
  public Boolean stop(String key, Long graceMillis) {
    Process p = LIVE.get(key);
    if (p == null) {
      return false;
    }
    ProcessGroups.terminate(p.pid(), graceMillis);
    return true;
  }

  /**
   * Runs {@code launchJson} = {key, argv: [..], env: {..}, prefix} to completion. Returns {@code
   * {"exit": CODE}}, or {@code {"refused": REASON}} when the program cannot be started on this node
   * at all (checked here, where it would run).
   */
  public String run(String launchJson) throws Exception {
    JsonNode l = JSON.readTree(launchJson);
    List<String> command = new ArrayList<>();
    l.get("argv").forEach(a -> command.add(a.asText()));
    Map<String, String> env = new HashMap<>();
    l.get("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    Optional<String> refused = LaunchCheck.problem(command, env);
    if (refused.isPresent()) {
      return JSON.createObjectNode().put("refused", refused.get()).toString();
    }
    ProcessBuilder pb = new ProcessBuilder(ProcessGroups.wrap(command)).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return JSON.createObjectNode().put("refused", LaunchCheck.describe(e)).toString();
    }
    String key = l.get("key").asText();
    String prefix = l.get("prefix").asText();
    LIVE.put(key, p);
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        System.out.println(prefix + line);
      }
      return JSON.createObjectNode().put("exit", p.waitFor()).toString();
    } finally {
      LIVE.remove(key);
    }
  }
}
