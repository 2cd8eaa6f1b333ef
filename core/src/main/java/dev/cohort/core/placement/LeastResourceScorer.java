package dev.cohort.core.placement;

import dev.cohort.core.resources.Resources;

/**
 * Ray's {@code LeastResourceScorer}: the score of a node for a request is the sum, over the
 * requested resources, of {@code (available - requested) / available}, or −1 when anything does not
 * fit. The highest score wins, so this is worst-fit: it prefers the most free node.
 */
public final class LeastResourceScorer {
  private LeastResourceScorer() {}

  /**
   * Score of a node with {@code available} resources for {@code request}; −1 if it does not fit.
   */
  public static double score(Resources available, Resources request) {
    double sum = 0;
    for (int i = 0; i < request.size(); i++) {
      long req = request.unitsAt(i);
      long avail = available.units(request.name(i));
      if (req > avail) {
        return -1;
      }
      if (avail != 0) {
        sum += (double) (avail - req) / (double) avail;
      }
    }
    return sum;
  }
}
