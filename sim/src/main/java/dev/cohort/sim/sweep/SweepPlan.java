package dev.cohort.sim.sweep;

import dev.cohort.core.spec.SpecException;
import dev.cohort.core.spec.SpecNode;
import dev.cohort.core.spec.SpecNode.SpecMap;
import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioFile;
import dev.cohort.sim.scenario.ScenarioParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The cells of a sweep: the cross product of the parameters' values (the first parameter varies
 * slowest), each cell the scenario with those values set. Every cell is checked before anything
 * runs, so a value that makes a bad scenario is reported at once, with the cell it belongs to.
 *
 * @param file the scenario file
 * @param base the scenario as written (no value set)
 * @param parameters the swept keys, in order
 * @param cells every combination, in order
 */
public record SweepPlan(
    Path file, Scenario base, List<SweepParameter> parameters, List<Cell> cells) {
  /** Most cells one sweep may have. */
  public static final int MAX_CELLS = 10_000;

  /**
   * One combination of values.
   *
   * @param index position in the plan, from 0
   * @param values path → value, in parameter order
   * @param scenario the scenario with these values
   */
  public record Cell(int index, Map<String, String> values, Scenario scenario) {
    public Cell {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** {@code path=value, path=value}. */
    public String label() {
      StringJoiner j = new StringJoiner(", ");
      values.forEach((k, v) -> j.add(k + "=" + v));
      return j.toString();
    }
  }

  /** How to build cell {@code i} elsewhere. */
  public ScenarioSource source(int i, String text) {
    return new ScenarioSource(file.toAbsolutePath(), text, -1, cells.get(i).values());
  }

  public SweepPlan {
    parameters = List.copyOf(parameters);
    cells = List.copyOf(cells);
  }

  /**
   * The plan for the scenario file {@code file} (already read as {@code root}): its {@code sweep:}
   * section, with {@code given} parameters added (a given path replaces the file's).
   *
   * @throws IllegalArgumentException for a path or value that cannot be set
   * @throws SpecException for a cell whose scenario is not valid (naming the cell)
   */
  public static SweepPlan of(Path file, SpecNode root, List<SweepParameter> given) {
    return of(file, root, given, true);
  }

  /**
   * The plan for {@code given} alone when {@code withFileSweep} is false (a search sets its own
   * key), else as {@link #of(Path, SpecNode, List)}.
   */
  public static SweepPlan of(
      Path file, SpecNode root, List<SweepParameter> given, boolean withFileSweep) {
    ScenarioFile sf = ScenarioParser.parseFile(file, root);
    List<SweepParameter> params = new ArrayList<>();
    for (SweepParameter p : withFileSweep ? sf.sweep() : List.<SweepParameter>of()) {
      if (given.stream().noneMatch(g -> g.path().equals(p.path()))) {
        params.add(p);
      }
    }
    for (SweepParameter g : given) {
      if (params.stream().anyMatch(p -> p.path().equals(g.path()))) {
        throw new IllegalArgumentException(g.origin() + " is given twice");
      }
      params.add(g);
    }
    if (params.isEmpty()) {
      throw new IllegalArgumentException("nothing to sweep: no --set and no sweep: section");
    }
    if (!sf.variants().isEmpty()) {
      throw new IllegalArgumentException(
          "a scenario with variants cannot be swept; make each variant a value of a swept key");
    }
    long total = 1;
    for (SweepParameter p : params) {
      total *= p.values().size();
      if (total > MAX_CELLS) {
        throw new IllegalArgumentException(
            "the sweep has more than " + MAX_CELLS + " cells; sweep fewer values");
      }
    }
    SpecMap written = root.asMap().without("sweep");
    List<Cell> cells = new ArrayList<>();
    int[] at = new int[params.size()];
    for (int index = 0; index < total; index++) {
      Map<String, String> values = new LinkedHashMap<>();
      SpecMap cellRoot = written;
      for (int k = 0; k < params.size(); k++) {
        SweepParameter p = params.get(k);
        String v = p.values().get(at[k]);
        values.put(p.path(), v);
        cellRoot = ScenarioPaths.set(cellRoot, p.path(), v, p.origin() + "=" + v);
      }
      Cell probe = new Cell(index, values, sf.base());
      Scenario s;
      try {
        s = ScenarioParser.parseFile(file, cellRoot).base();
      } catch (SpecException e) {
        throw new SpecException(
            e.location(), e.problem() + " (in the sweep cell " + probe.label() + ")");
      }
      cells.add(new Cell(index, values, s.withName(sf.base().name() + " [" + probe.label() + "]")));
      for (int k = params.size() - 1; k >= 0; k--) {
        if (++at[k] < params.get(k).values().size()) {
          break;
        }
        at[k] = 0;
      }
    }
    return new SweepPlan(file, sf.base(), params, cells);
  }
}
