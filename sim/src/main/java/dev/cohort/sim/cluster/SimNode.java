package dev.cohort.sim.cluster;

import dev.cohort.core.port.NodeRef;
import dev.cohort.core.resources.Resources;
import java.util.SortedMap;

/**
 * One incarnation of a simulated node. A node that crashes and comes back is a new {@code SimNode}
 * with a new id under the same name, as a restarted raylet is a new node to Ray's GCS.
 */
public final class SimNode {
  private final int id;
  private final long serial;
  private final String name;
  private final int incarnation;
  private final String group;
  private final Resources total;
  private final SortedMap<String, String> labels;
  private final long registeredAt;
  private final NodeRef ref;
  private boolean crashed;
  private boolean dead;

  public SimNode(
      int id,
      long serial,
      String name,
      int incarnation,
      String group,
      Resources total,
      SortedMap<String, String> labels,
      long registeredAt) {
    this.id = id;
    this.serial = serial;
    this.name = name;
    this.incarnation = incarnation;
    this.group = group;
    this.total = total;
    this.labels = labels;
    this.registeredAt = registeredAt;
    this.ref = new NodeRef(name, name, incarnation);
  }

  /** Id of this incarnation while it is live (reused after the incarnation is forgotten). */
  public int id() {
    return id;
  }

  /** Registration order over the whole run; lower wins placement ties. */
  public long serial() {
    return serial;
  }

  /** Stable name {@code <group>-<index>}. */
  public String name() {
    return name;
  }

  /** 0 for the first registration, then 1, 2, … after each repair. */
  public int incarnation() {
    return incarnation;
  }

  /** Node group name. */
  public String group() {
    return group;
  }

  /** Total resources. */
  public Resources total() {
    return total;
  }

  /** Labels such as {@code rack}. */
  public SortedMap<String, String> labels() {
    return labels;
  }

  /** When this incarnation registered with the GCS. */
  public long registeredAt() {
    return registeredAt;
  }

  /** The controller-facing reference. */
  public NodeRef ref() {
    return ref;
  }

  /** True once it crashed (its processes stopped), whether or not the GCS knows yet. */
  public boolean crashed() {
    return crashed;
  }

  /** True once the GCS declared it dead. */
  public boolean dead() {
    return dead;
  }

  void markCrashed() {
    crashed = true;
  }

  void markDead() {
    dead = true;
  }

  @Override
  public String toString() {
    return ref.toString();
  }
}
