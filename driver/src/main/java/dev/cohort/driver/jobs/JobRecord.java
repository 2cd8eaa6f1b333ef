package dev.cohort.driver.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the host knows of one run, as its driver last wrote it ({@code status.json}).
 *
 * @param id {@code <name>-<6 hex digits>}
 * @param name the job's name
 * @param state the job's state (PENDING, RUNNING, TERMINATING, SUCCEEDED, FAILED, CANCELLED)
 * @param reason why it ended ("" while it runs)
 * @param backend local or ray
 * @param driverPid the driver's process id
 * @param driverStartMillis when that process started (tells it from a later one with its pid)
 * @param startedAtMillis when the run started
 * @param updatedAtMillis when this record was written
 * @param logDir where replica logs are
 * @param journal the run's journal (for {@code cohort run --resume})
 * @param replicas replica index → state
 * @param restarts restarts so far
 */
public record JobRecord(
    String id,
    String name,
    String state,
    String reason,
    String backend,
    long driverPid,
    long driverStartMillis,
    long startedAtMillis,
    long updatedAtMillis,
    String logDir,
    String journal,
    Map<Integer, String> replicas,
    int restarts) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public JobRecord {
    replicas = java.util.Collections.unmodifiableMap(new TreeMap<>(replicas));
  }

  /** Whether the job has ended. */
  public boolean ended() {
    return state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED");
  }

  /** Whether the driver that writes this record is still running. */
  public boolean driverAlive() {
    return ProcessHandle.of(driverPid)
        .filter(ProcessHandle::isAlive)
        .flatMap(h -> h.info().startInstant())
        .map(t -> Math.abs(t.toEpochMilli() - driverStartMillis) < 2_000)
        .orElse(false);
  }

  /** As JSON. */
  public ObjectNode toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", id)
        .put("name", name)
        .put("state", state)
        .put("reason", reason)
        .put("backend", backend)
        .put("driverPid", driverPid)
        .put("driverStartMillis", driverStartMillis)
        .put("startedAtMillis", startedAtMillis)
        .put("updatedAtMillis", updatedAtMillis)
        .put("logDir", logDir)
        .put("journal", journal)
        .put("restarts", restarts);
    ObjectNode r = o.putObject("replicas");
    replicas.forEach((k, v) -> r.put(Integer.toString(k), v));
    return o;
  }

  /** From {@link #toJson()}. */
  public static JobRecord fromJson(JsonNode o) {
    Map<Integer, String> replicas = new TreeMap<>();
    o.required("replicas")
        .fields()
        .forEachRemaining(e -> replicas.put(Integer.parseInt(e.getKey()), e.getValue().asText()));
    return new JobRecord(
        o.required("id").asText(),
        o.required("name").asText(),
        o.required("state").asText(),
        o.required("reason").asText(),
        o.required("backend").asText(),
        o.required("driverPid").asLong(),
        o.required("driverStartMillis").asLong(),
        o.required("startedAtMillis").asLong(),
        o.required("updatedAtMillis").asLong(),
        o.required("logDir").asText(),
        o.required("journal").asText(),
        replicas,
        o.required("restarts").asInt());
  }
}
