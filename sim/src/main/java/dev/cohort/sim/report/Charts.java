package dev.cohort.sim.report;

import dev.cohort.core.spec.Durations;
import dev.cohort.sim.run.JobResult;
import dev.cohort.sim.run.RunResult;
import dev.cohort.sim.run.Timeline;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG charts of a study, drawn headless with XChart. */
public final class Charts {
  /** File names, in the order report.md links them. */
  public static final String TIMELINE = "node-timeline.png";

  public static final String JCT_CDF = "jct-cdf.png";
  public static final String QUEUE_WAIT = "queue-wait.png";
  public static final String FLEET = "fleet.png";

  private static final int MAX_LEGEND = 16;

  /** Node rows drawn at most; bigger clusters show their first nodes (the image stays small). */
  static final int MAX_ROWS = 200;

  /** Jobs drawn in their own colour at most; later ones share one grey series. */
  static final int MAX_JOB_SERIES = 64;

  private Charts() {}

  /**
   * Writes every chart into {@code dir} and returns the file names written. {@code recorded} is a
   * run with its timeline recorded (the first replication, run again with recording on).
   */
  public static List<String> write(Summary s, RunResult recorded, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<String> out = new ArrayList<>();
    BitmapEncoder.saveBitmap(
        timeline(recorded), dir.resolve(TIMELINE).toString(), BitmapEncoder.BitmapFormat.PNG);
    out.add(TIMELINE);
    BitmapEncoder.saveBitmap(
        jctCdf(s), dir.resolve(JCT_CDF).toString(), BitmapEncoder.BitmapFormat.PNG);
    out.add(JCT_CDF);
    BitmapEncoder.saveBitmap(
        queueWait(recorded), dir.resolve(QUEUE_WAIT).toString(), BitmapEncoder.BitmapFormat.PNG);
    out.add(QUEUE_WAIT);
    if (!recorded.fleet().series().isEmpty()) {
      BitmapEncoder.saveBitmap(
          fleet(recorded), dir.resolve(FLEET).toString(), BitmapEncoder.BitmapFormat.PNG);
      out.add(FLEET);
    }
    return out;
  }

  /**
   * The fleet over time in one run: nodes up, away (repair, reboot, provisioning), retired, pool.
   */
  static XYChart fleet(RunResult r) {
    List<dev.cohort.sim.cluster.FleetStats.Point> pts = r.fleet().series();
    XYChart c =
        new XYChartBuilder()
            .width(1000)
            .height(480)
            .title("Fleet over time (seed " + r.seed() + ")")
            .xAxisTitle("hours")
            .yAxisTitle("nodes")
            .build();
    style(c);
    String[] names = {"up", "away (repair, reboot, provisioning)", "retired", "cold pool"};
    for (int k = 0; k < names.length; k++) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      double last = 0;
      for (dev.cohort.sim.cluster.FleetStats.Point p : pts) {
        double v =
            switch (k) {
              case 0 -> p.up();
              case 1 -> p.away();
              case 2 -> p.retired();
              default -> p.pool();
            };
        double x = hours(p.at());
        xs.add(x); // a step: hold the previous value until this instant
        ys.add(last);
        xs.add(x);
        ys.add(v);
        last = v;
      }
      xs.add(hours(r.endTime()));
      ys.add(last);
      XYSeries s = c.addSeries(names[k], xs, ys);
      s.setMarker(SeriesMarkers.NONE);
    }
    return c;
  }

  private static double hours(long micros) {
    return micros / (double) Durations.MICROS_PER_HOUR;
  }

  /** Which job holds which node over time in one run; outages in red. */
  static XYChart timeline(RunResult r) {
    Timeline t = r.timeline();
    List<String> all = t.nodes();
    List<String> nodes = all.size() > MAX_ROWS ? all.subList(0, MAX_ROWS) : all;
    String shown =
        nodes.size() < all.size()
            ? String.format(" (first %d of %,d nodes)", nodes.size(), all.size())
            : "";
    XYChart c =
        new XYChartBuilder()
            .width(1200)
            .height(Math.max(360, 120 + 18 * nodes.size()))
            .title("Node timeline (seed " + r.seed() + "): who holds each node" + shown)
            .xAxisTitle("hours")
            .yAxisTitle("node")
            .build();
    style(c);
    Map<String, Integer> row = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      row.put(nodes.get(i), i);
    }
    // Rows are labelled with text annotations left of zero: XChart's custom tick formatter spins
    // when most ticks fall between rows.
    double span = Math.max(hours(r.endTime()), 1e-3);
    c.getStyler().setYAxisTicksVisible(false);
    c.getStyler().setXAxisMin(-0.14 * span);
    c.getStyler().setXAxisMax(span * 1.01);
    c.getStyler().setYAxisMin(-0.8);
    c.getStyler().setYAxisMax(Math.max(0.8, nodes.size() - 0.2));
    int step = Math.max(1, nodes.size() / 40);
    for (int i = 0; i < nodes.size(); i += step) {
      c.addAnnotation(new AnnotationText(nodes.get(i), -0.07 * span, i, false));
    }
    Map<String, List<double[]>> perJob = new LinkedHashMap<>();
    List<double[]> others = new ArrayList<>();
    for (Timeline.Hold h : t.holds()) {
      Integer y = row.get(h.node());
      if (y != null) {
        List<double[]> segs = perJob.get(h.job());
        if (segs == null) {
          if (perJob.size() < MAX_JOB_SERIES) {
            segs = new ArrayList<>();
            perJob.put(h.job(), segs);
          } else {
            segs = others;
          }
        }
        segs.add(new double[] {hours(h.from()), hours(h.to()), y});
      }
    }
    float width = Math.max(2f, Math.min(10f, 300f / Math.max(1, nodes.size())));
    for (Map.Entry<String, List<double[]>> e : perJob.entrySet()) {
      segments(
          c,
          e.getKey(),
          e.getValue(),
          new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER),
          null);
    }
    if (!others.isEmpty()) {
      segments(
          c,
          "other jobs",
          others,
          new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER),
          Color.GRAY);
    }
    List<double[]> outages = new ArrayList<>();
    for (Timeline.Outage o : t.outages()) {
      Integer y = row.get(o.node());
      if (y != null) {
        outages.add(new double[] {hours(o.from()), hours(o.to()), y + 0.3});
      }
    }
    if (!outages.isEmpty()) {
      segments(c, "node down", outages, new BasicStroke(3f), Color.RED);
    }
    c.getStyler().setLegendVisible(perJob.size() + (others.isEmpty() ? 1 : 2) <= MAX_LEGEND);
    if (perJob.isEmpty() && outages.isEmpty()) {
      c.addSeries("nothing held", new double[] {0}, new double[] {0});
    }
    return c;
  }

  private static void segments(
      XYChart c, String name, List<double[]> segs, BasicStroke stroke, Color color) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (double[] s : segs) {
      xs.add(s[0]);
      ys.add(s[2]);
      xs.add(Math.max(s[1], s[0] + 1e-6));
      ys.add(s[2]);
      xs.add(Double.NaN);
      ys.add(Double.NaN);
    }
    XYSeries series = c.addSeries(name, xs, ys);
    series.setMarker(SeriesMarkers.NONE);
    series.setLineStyle(stroke);
    if (color != null) {
      series.setLineColor(color);
    }
  }

  /** Distribution of completion times across replications, one curve per job or arrivals entry. */
  static XYChart jctCdf(Summary s) {
    XYChart c =
        new XYChartBuilder()
            .width(900)
            .height(540)
            .title("Job completion time across " + s.study().runs().size() + " replication(s)")
            .xAxisTitle("JCT (hours)")
            .yAxisTitle("fraction of finished jobs ≤ x")
            .build();
    style(c);
    Map<String, List<Double>> byName = new LinkedHashMap<>();
    for (JobAggregate a : s.jobs()) {
      byName.put(a.name(), new ArrayList<>());
    }
    for (RunResult r : s.study().runs()) {
      for (JobResult j : r.jobs()) {
        if (j.source().isEmpty()) {
          j.finishedAt().ifPresent(f -> byName.get(j.name()).add(hours(f - j.submittedAt())));
        }
      }
      for (dev.cohort.sim.run.SourceResult src : r.sources()) {
        for (long v : src.jct()) {
          byName.get(src.name()).add(hours(v));
        }
      }
    }
    int shown = 0;
    double maxX = 0;
    for (Map.Entry<String, List<Double>> e : byName.entrySet()) {
      List<Double> v = e.getValue();
      if (v.isEmpty() || shown >= MAX_LEGEND) {
        continue;
      }
      v.sort(Double::compare);
      maxX = Math.max(maxX, v.get(v.size() - 1));
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int i = 0; i < v.size(); i++) {
        xs.add(v.get(i));
        ys.add(i / (double) v.size());
        xs.add(v.get(i));
        ys.add((i + 1) / (double) v.size());
      }
      XYSeries series = c.addSeries(e.getKey(), xs, ys);
      series.setMarker(SeriesMarkers.NONE);
      shown++;
    }
    if (shown == 0) {
      c.addSeries("no job finished", new double[] {0}, new double[] {0});
    }
    ranges(c, 0, maxX, 0, 1);
    return c;
  }

  /** How long placement groups waited in the GCS queue, by the time they were placed. */
  static XYChart queueWait(RunResult r) {
    long maxWait = 0;
    for (Timeline.QueueWait w : r.timeline().queueWaits()) {
      maxWait = Math.max(maxWait, w.waited());
    }
    String unit;
    double per;
    if (maxWait < 600 * Durations.MICROS_PER_SECOND) {
      unit = "seconds";
      per = Durations.MICROS_PER_SECOND;
    } else if (maxWait < 3 * Durations.MICROS_PER_HOUR) {
      unit = "minutes";
      per = Durations.MICROS_PER_MINUTE;
    } else {
      unit = "hours";
      per = Durations.MICROS_PER_HOUR;
    }
    XYChart c =
        new XYChartBuilder()
            .width(900)
            .height(540)
            .title("GCS pending-queue wait per placement group (seed " + r.seed() + ")")
            .xAxisTitle("placed at (hours)")
            .yAxisTitle("waited (" + unit + ")")
            .build();
    style(c);
    c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (Timeline.QueueWait w : r.timeline().queueWaits()) {
      xs.add(hours(w.at()));
      ys.add(w.waited() / per);
    }
    if (xs.isEmpty()) {
      xs.add(0.0);
      ys.add(0.0);
    }
    ranges(
        c,
        0,
        xs.stream().mapToDouble(Double::doubleValue).max().orElse(0),
        0,
        ys.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    c.addSeries("placement groups", xs, ys).setMarker(SeriesMarkers.CIRCLE);
    c.getStyler().setLegendVisible(false);
    return c;
  }

  /**
   * Fixes both axes to a range that is never empty: XChart's tick calculation does not terminate on
   * a zero-width range (one finished job, one placement group).
   */
  private static void ranges(XYChart c, double x0, double x1, double y0, double y1) {
    c.getStyler().setXAxisMin(x0);
    c.getStyler().setXAxisMax(x1 > x0 ? x1 * 1.05 : x0 + 1);
    c.getStyler().setYAxisMin(y0);
    c.getStyler().setYAxisMax(y1 > y0 ? y1 * 1.05 : y0 + 1);
  }

  private static void style(XYChart c) {
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setPlotGridLinesVisible(true);
    c.getStyler().setMarkerSize(5);
    c.getStyler().setAntiAlias(true);
  }
}
