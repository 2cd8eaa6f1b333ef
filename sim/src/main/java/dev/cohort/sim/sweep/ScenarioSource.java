package dev.cohort.sim.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohort.core.spec.SpecNode;
import dev.cohort.core.spec.SpecReader;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to make a scenario again somewhere else: the file's text and path, which variant, and the
 * sweep values set on it. Another machine rebuilds the very scenario from it (trace files the
 * scenario names are read at the same path there, so they must be on a shared filesystem).
 *
 * @param file the scenario file's path (absolute, so trace files resolve the same everywhere)
 * @param text the file's content
 * @param variant index into the file's variants, or −1 for the base
 * @param values sweep values (path → value), in parameter order
 */
public record ScenarioSource(Path file, String text, int variant, Map<String, String> values) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ScenarioSource {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The scenario this source describes, built exactly as the command line built it. */
  public Scenario scenario() {
    SpecNode root = SpecReader.read(file.toString(), text.getBytes(StandardCharsets.UTF_8));
    if (!values.isEmpty()) {
      List<SweepParameter> params = new ArrayList<>();
      values.forEach((k, v) -> params.add(new SweepParameter(k, List.of(v), "--set " + k)));
      return SweepPlan.of(file, root, params, false).cells().get(0).scenario();
    }
    var sf = ScenarioParser.parseFile(file, root);
    return variant < 0 ? sf.base() : sf.variants().get(variant);
  }

  /** As one JSON string (Ray task arguments are strings). */
  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("file", file.toString());
    o.put("text", text);
    o.put("variant", variant);
    ObjectNode v = o.putObject("values");
    values.forEach(v::put);
    return o.toString();
  }

  /** From {@link #toJson()}. */
  public static ScenarioSource fromJson(String json) {
    try {
      JsonNode o = JSON.readTree(json);
      Map<String, String> values = new LinkedHashMap<>();
      o.required("values")
          .fields()
          .forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
      return new ScenarioSource(
          Path.of(o.required("file").asText()),
          o.required("text").asText(),
          o.required("variant").asInt(),
          values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("not a scenario source: " + e.getOriginalMessage(), e);
    }
  }
}
