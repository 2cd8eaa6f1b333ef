package dev.cohort.core.port;

/**
 * A node as the controller sees it: its stable name ({@code <group>-<index>} in the simulator), the
 * host replicas use to reach it, and the incarnation (a node that rejoins after a crash is a new
 * incarnation under the same name).
 */
public record NodeRef(String name, String host, int incarnation) {
  @Override
  public String toString() {
    return incarnation == 0 ? name : name + "#" + incarnation;
  }
}
