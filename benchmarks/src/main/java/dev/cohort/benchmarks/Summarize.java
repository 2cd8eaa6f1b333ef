package dev.cohort.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohort.sim.run.SimOptions;
import dev.cohort.sim.run.Simulation;
import dev.cohort.sim.scenario.ScenarioParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Turns JMH's JSON into {@code summary.json} (the figures docs/performance.md quotes) and PNG
 * plots. The PG-scaling times are simulated, so they are computed here, deterministically; JMH
 * supplies the wall costs.
 */
public final class Summarize {
  private Summarize() {}

  public static void main(String[] args) throws IOException {
    Path jmh = Path.of(args[0]);
    Path out = Path.of(args[1]);
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    JsonNode results = mapper.readTree(jmh.toFile());
    ObjectNode summary = mapper.createObjectNode();
    ObjectNode machine = summary.putObject("machine");
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("java", System.getProperty("java.version"));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));

    long events =
        Simulation.run(
                ScenarioParser.parse("engine-10k.yaml", EngineThroughputBenchmark.SCENARIO),
                1,
                SimOptions.DEFAULT)
            .events();
    double day = score(results, "EngineThroughputBenchmark.simulateDay", Map.of());
    double queue = score(results, "EngineThroughputBenchmark.priorityQueueBaseline", Map.of());
    summary.put("engineEventsPerRun", events);
    summary.put("engineEventsPerSecond", day * events);
    summary.put("rawQueueOpsPerSecond", queue * events * 2);
    summary.put("engineToRawQueueEventRatio", day / queue);

    ObjectNode backlog = summary.putObject("backlogEventsPerSecond");
    for (int jobs : new int[] {1000, 4000, 16000, 64000}) {
      double runs = score(results, "BacklogBenchmark.drain", Map.of("jobs", "" + jobs));
      backlog.put(Integer.toString(jobs), runs * BacklogBenchmark.eventsPerRun(jobs));
    }
    double shallow = backlog.get("1000").asDouble();
    summary.put("backlog64kTo1kRatio", shallow > 0 ? backlog.get("64000").asDouble() / shallow : 0);
    ObjectNode gang = summary.putObject("gangEventsPerSecond");
    for (int replicas : new int[] {512, 4096}) {
      double runs = score(results, "GangBenchmark.train", Map.of("replicas", "" + replicas));
      gang.put(Integer.toString(replicas), runs * GangBenchmark.eventsPerRun(replicas));
    }

    ObjectNode placement = summary.putObject("placementMicros");
    Map<String, Map<Integer, Double>> byStrategy = new TreeMap<>();
    double worstAt10k = 0;
    for (JsonNode r : results) {
      if (r.get("benchmark").asText().endsWith("PlacementBenchmark.place")) {
        String s = r.get("params").get("strategy").asText();
        int n = r.get("params").get("nodes").asInt();
        double us = r.get("primaryMetric").get("score").asDouble();
        byStrategy.computeIfAbsent(s, k -> new TreeMap<>()).put(n, us);
        if (n == 10_000) {
          worstAt10k = Math.max(worstAt10k, us);
        }
      }
    }
    byStrategy.forEach(
        (s, m) -> {
          ObjectNode o = placement.putObject(s);
          m.forEach((n, us) -> o.put(Integer.toString(n), us));
        });
    summary.put("placementMicrosAt10kNodes", worstAt10k);

    ArrayNode pg = summary.putArray("pgScaling");
    List<Double> ns = new ArrayList<>();
    List<Double> bulkS = new ArrayList<>();
    List<Double> incS = new ArrayList<>();
    for (int n : new int[] {16, 128, 1024, 8192}) {
      PgScaling.Result b = PgScaling.run(n, true);
      PgScaling.Result i = PgScaling.run(n, false);
      ObjectNode o = pg.addObject();
      o.put("nodes", n);
      o.put("bulkSeconds", b.seconds());
      o.put("incrementalSeconds", i.seconds());
      o.put("meanQueueWaitBulk", b.meanQueueWaitSeconds());
      o.put("meanQueueWaitIncremental", i.meanQueueWaitSeconds());
      o.put(
          "wallMillisBulk",
          score(results, "PgScalingBenchmark.simulate", Map.of("nodes", "" + n, "mode", "bulk")));
      o.put(
          "wallMillisIncremental",
          score(
              results,
              "PgScalingBenchmark.simulate",
              Map.of("nodes", "" + n, "mode", "incremental")));
      ns.add((double) n);
      bulkS.add(b.seconds());
      incS.add(i.seconds());
    }
    summary.put("driverRoundTripMicrosAssumed", PgScaling.DRIVER_ROUND_TRIP);
    double perEvent = score(results, "ControllerBenchmark.handleFailureAndRestart", Map.of());
    double replicationMs = score(results, "ControllerBenchmark.monteCarloReplication", Map.of());
    summary.put("controllerNanosPerEvent", perEvent);
    summary.put("monteCarloReplicationsPerSecond", replicationMs > 0 ? 1000 / replicationMs : 0);
    Files.writeString(out.resolve("summary.json"), mapper.writeValueAsString(summary) + "\n");

    XYChart c =
        new XYChartBuilder()
            .width(800)
            .height(500)
            .title("PG scaling: time until all replicas run (simulated)")
            .xAxisTitle("nodes = replicas")
            .yAxisTitle("seconds")
            .build();
    c.getStyler().setXAxisLogarithmic(true);
    c.getStyler().setYAxisLogarithmic(true);
    c.addSeries("all at once (bulk)", ns, bulkS);
    c.addSeries("one by one (incremental)", ns, incS);
    BitmapEncoder.saveBitmap(
        c, out.resolve("pg-scaling.png").toString(), BitmapEncoder.BitmapFormat.PNG);

    XYChart p =
        new XYChartBuilder()
            .width(800)
            .height(500)
            .title("Placement decision per 8-bundle group")
            .xAxisTitle("nodes")
            .yAxisTitle("microseconds")
            .build();
    p.getStyler().setXAxisLogarithmic(true);
    for (Map.Entry<String, Map<Integer, Double>> e : byStrategy.entrySet()) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      e.getValue()
          .forEach(
              (n, us) -> {
                xs.add((double) n);
                ys.add(us);
              });
      p.addSeries(e.getKey(), xs, ys);
    }
    BitmapEncoder.saveBitmap(
        p, out.resolve("placement.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    System.out.println(mapper.writeValueAsString(summary));
  }

  private static double score(JsonNode results, String suffix, Map<String, String> params) {
    for (JsonNode r : results) {
      if (!r.get("benchmark").asText().endsWith(suffix)) {
        continue;
      }
      boolean match = true;
      Map<String, String> have = new LinkedHashMap<>();
      if (r.has("params")) {
        r.get("params").fields().forEachRemaining(f -> have.put(f.getKey(), f.getValue().asText()));
      }
      for (Map.Entry<String, String> want : params.entrySet()) {
        match &= want.getValue().equals(have.get(want.getKey()));
      }
      if (match) {
        return r.get("primaryMetric").get("score").asDouble();
      }
    }
    return 0;
  }
}
