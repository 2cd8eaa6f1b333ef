package dev.cohort.sim.report;

import dev.cohort.sim.sweep.CheckpointOptimum;
import dev.cohort.sim.sweep.SweepParameter;
import dev.cohort.sim.sweep.SweepPlan;
import dev.cohort.sim.sweep.SweepResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts of a sweep: per job, each metric against the first parameter (one line per value of the
 * second, with the 95% interval of the mean as error bars where it exists), a heat map of mean ETTR
 * or mean completion time over a two-parameter grid, and on checkpoint sweeps vertical lines at
 * Young's and Daly's intervals.
 */
public final class SweepCharts {
  /** Jobs charted at most (the first ones; the table and sweep.json have all). */
  static final int MAX_JOBS = 4;

  /** A metric drawn against a parameter. */
  record Plotted(
      String key, String title, String unit, Function<JobAggregate, Stats> stats, boolean p90) {}

  static final List<Plotted> METRICS =
      List.of(
          new Plotted("ettr", "mean ETTR", "ETTR", JobAggregate::ettr, false),
          new Plotted("jct", "mean completion time", "hours", JobAggregate::jct, false),
          new Plotted("wait-p90", "p90 wait", "hours", JobAggregate::waitTime, true));

  private SweepCharts() {}

  /** Writes the charts into {@code dir}; returns the file names, in the order sweep.md shows. */
  public static List<String> write(SweepResult r, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<String> out = new ArrayList<>();
    SweepPlan plan = r.plan();
    SweepParameter x = plan.parameters().get(0);
    if (!x.numeric() || r.summaries().isEmpty()) {
      return out; // text values: the table says it all
    }
    List<String> jobs = new ArrayList<>();
    for (JobAggregate a : r.summary(0).jobs()) {
      if (jobs.size() < MAX_JOBS) {
        jobs.add(a.name());
      }
    }
    for (int j = 0; j < jobs.size(); j++) {
      for (Plotted m : METRICS) {
        XYChart c = line(r, jobs.get(j), m);
        String name = "sweep-" + safe(jobs.get(j)) + "-" + m.key() + ".png";
        BitmapEncoder.saveBitmap(c, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
        out.add(name);
      }
    }
    if (plan.parameters().size() == 2 && plan.parameters().get(1).values().size() > 1) {
      for (String job : jobs) {
        String name = "sweep-" + safe(job) + "-heatmap.png";
        BitmapEncoder.saveBitmap(
            heat(r, job), dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
        out.add(name);
      }
    }
    return out;
  }

  static String safe(String s) {
    return s.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  private static double y(Plotted m, Double v) {
    if (v == null) {
      return Double.NaN;
    }
    return m.key().equals("ettr") ? v : v / 3600;
  }

  /** One metric of one job against the first parameter; one series per other combination. */
  static XYChart line(SweepResult r, String job, Plotted m) {
    SweepPlan plan = r.plan();
    SweepParameter x = plan.parameters().get(0);
    XYChart c =
        new XYChartBuilder()
            .width(900)
            .height(520)
            .title(job + ": " + m.title() + " vs " + x.path())
            .xAxisTitle(x.path() + (x.durations() ? " (hours)" : ""))
            .yAxisTitle(m.unit())
            .build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setMarkerSize(7);
    c.getStyler().setAntiAlias(true);
    Map<String, List<Integer>> series = new LinkedHashMap<>();
    for (int i = 0; i < r.summaries().size(); i++) {
      series
          .computeIfAbsent(SweepTable.rest(plan.cells().get(i), x.path()), k -> new ArrayList<>())
          .add(i);
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Map.Entry<String, List<Integer>> e : series.entrySet()) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      List<Double> err = new ArrayList<>();
      for (int i : e.getValue()) {
        JobAggregate a = aggregate(r.summary(i), job);
        if (a == null) {
          continue;
        }
        Stats st = m.stats().apply(a);
        double v = y(m, m.p90() ? st.p90() : st.mean());
        if (Double.isNaN(v)) {
          continue;
        }
        xs.add(SweepParameter.numeric(plan.cells().get(i).values().get(x.path())));
        ys.add(v);
        double half = !m.p90() && st.ci95High() != null ? y(m, st.ci95High()) - y(m, st.mean()) : 0;
        err.add(half);
        lo = Math.min(lo, v - half);
        hi = Math.max(hi, v + half);
      }
      if (xs.isEmpty()) {
        continue;
      }
      String name = e.getKey().isEmpty() ? job : e.getKey();
      XYSeries s = c.addSeries(name, xs, ys, err);
      s.setMarker(SeriesMarkers.CIRCLE);
    }
    if (c.getSeriesMap().isEmpty()) {
      c.addSeries("no values", new double[] {0}, new double[] {0});
      return c;
    }
    if (m.key().equals("ettr")) {
      markOptima(c, r, x, Math.max(0, lo), Math.min(1, hi));
    }
    return c;
  }

  private static void markOptima(XYChart c, SweepResult r, SweepParameter x, double lo, double hi) {
    Optional<CheckpointOptimum> o =
        CheckpointOptimum.forPath(r.plan().cells().get(0).scenario(), x.path());
    if (o.isEmpty() || !(hi >= lo)) {
      return;
    }
    double hour = 3_600_000_000.0;
    vertical(
        c,
        "Young " + Human.duration(o.get().youngMicros() / 1e6),
        o.get().youngMicros() / hour,
        lo,
        hi,
        new Color(0xD62728));
    vertical(
        c,
        "Daly " + Human.duration(o.get().dalyMicros() / 1e6),
        o.get().dalyMicros() / hour,
        lo,
        hi,
        new Color(0x2CA02C));
  }

  private static void vertical(
      XYChart c, String name, double x, double lo, double hi, Color color) {
    XYSeries s = c.addSeries(name, new double[] {x, x}, new double[] {lo, hi});
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(color);
    s.setLineStyle(
        new BasicStroke(
            2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
  }

  /** Mean ETTR (or, without checkpoints, mean completion time) over the two parameters. */
  static HeatMapChart heat(SweepResult r, String job) {
    SweepPlan plan = r.plan();
    SweepParameter a = plan.parameters().get(0);
    SweepParameter b = plan.parameters().get(1);
    boolean ettr = false;
    for (Summary s : r.summaries()) {
      JobAggregate j = aggregate(s, job);
      if (j != null && j.ettr().mean() != null) {
        ettr = true;
      }
    }
    HeatMapChart c =
        new HeatMapChartBuilder()
            .width(900)
            .height(620)
            .title(job + ": " + (ettr ? "mean ETTR" : "mean completion time (hours)"))
            .xAxisTitle(a.path())
            .yAxisTitle(b.path())
            .build();
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setShowValue(true);
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    List<Number[]> cells = new ArrayList<>();
    for (int i = 0; i < r.summaries().size(); i++) {
      SweepPlan.Cell cell = plan.cells().get(i);
      JobAggregate j = aggregate(r.summary(i), job);
      Double v = j == null ? null : ettr ? j.ettr().mean() : j.jct().mean();
      if (v == null) {
        continue;
      }
      double shown = ettr ? Math.round(v * 1000) / 1000.0 : Math.round(v / 36) / 100.0;
      cells.add(
          new Number[] {
            a.values().indexOf(cell.values().get(a.path())),
            b.values().indexOf(cell.values().get(b.path())),
            shown
          });
    }
    c.addSeries("cells", a.values(), b.values(), cells);
    return c;
  }

  static JobAggregate aggregate(Summary s, String job) {
    for (JobAggregate a : s.jobs()) {
      if (a.name().equals(job)) {
        return a;
      }
    }
    return null;
  }
}
