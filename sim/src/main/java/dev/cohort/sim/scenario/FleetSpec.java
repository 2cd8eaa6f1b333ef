package dev.cohort.sim.scenario;

import dev.cohort.core.spec.Distribution;
import java.util.List;
import java.util.Optional;

/**
 * How a fleet's nodes differ and are looked after (docs/reliability.md): classes of nodes with
 * their own failure rates, ageing, a staged repair pipeline, retirement, a cold spare pool, and how
 * often a failure is blamed on the right node. These apply to per-node random failures ({@code
 * randomFailures} without a {@code label}); {@link #NONE} changes nothing.
 *
 * @param classes subpopulations with their own rates, in declaration order
 * @param ageingPerFailure each failure a node has seen multiplies its rate by {@code 1 + this·k}
 * @param repair the repair pipeline; empty: each failure process's own {@code repair} time
 * @param retirement when a node leaves the fleet for good
 * @param pools cold spares provisioned while nodes are away
 * @param diagnosis how failures are attributed
 * @param avoidance keeping failure-prone nodes out of service while the fleet can spare them
 */
public record FleetSpec(
    List<NodeClass> classes,
    double ageingPerFailure,
    List<RepairStage> repair,
    Optional<Retirement> retirement,
    Pools pools,
    Diagnosis diagnosis,
    Optional<Avoidance> avoidance) {

  /** Nothing beyond the failure processes themselves. */
  public static final FleetSpec NONE =
      new FleetSpec(
          List.of(),
          0,
          List.of(),
          Optional.empty(),
          Pools.NONE,
          Diagnosis.PERFECT,
          Optional.empty());

  /** Without avoidance. */
  public FleetSpec(
      List<NodeClass> classes,
      double ageingPerFailure,
      List<RepairStage> repair,
      Optional<Retirement> retirement,
      Pools pools,
      Diagnosis diagnosis) {
    this(classes, ageingPerFailure, repair, retirement, pools, diagnosis, Optional.empty());
  }

  public FleetSpec {
    classes = List.copyOf(classes);
    repair = List.copyOf(repair);
  }

  /** Whether anything here changes how nodes fail or come back. */
  public boolean active() {
    return !equals(NONE);
  }

  /**
   * A share of the fleet whose nodes fail {@code failureRate} times as often; a repair that fixes
   * such a node makes it an ordinary one with probability {@code healOnRepair}.
   */
  public record NodeClass(String name, double share, double failureRate, double healOnRepair) {}

  /**
   * One stage of repair: it takes {@code duration}; then the node is fixed with probability {@code
   * fixes}, returned still faulty with probability {@code falseSuccess} (it fails again after
   * {@code recurrence}, drawn), else it goes to the next stage; after the last stage it is beyond
   * repair and retired.
   */
  public record RepairStage(
      String name,
      Distribution duration,
      double fixes,
      double falseSuccess,
      Distribution recurrence) {}

  /**
   * A node back from repair that has failed {@code failures} times within {@code window} is held
   * back (not scheduled on) while the fleet has enough other nodes; it is called back, at once,
   * when a node goes to repair and no cold spare is left.
   */
  public record Avoidance(int failures, long window) {}

  /** A node that failed {@code failures} times within {@code window} is retired. */
  public record Retirement(int failures, long window) {}

  /**
   * {@code cold} spare nodes, each ready {@code provision} after it is called for when a node goes
   * to repair or is retired; a node back from repair then refills the pool instead of rejoining.
   */
  public record Pools(int cold, long provision) {
    public static final Pools NONE = new Pools(0, 0);
  }

  /**
   * A failure is blamed on the right node with probability {@code accuracy}; otherwise a healthy
   * node goes to repair and the culprit is back after {@code reboot}, still faulty.
   */
  public record Diagnosis(double accuracy, long reboot) {
    public static final Diagnosis PERFECT = new Diagnosis(1, 0);
  }
}
