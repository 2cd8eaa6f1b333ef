package dev.cohort.core.placement;

import dev.cohort.core.resources.Resources;
import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The bundles of a group whose bundles are all alike, held as a count and one resource vector: a
 * gang of thousands waiting in the queue costs one small object, not a bundle per replica.
 * Immutable; {@link #get} makes the (equal, short-lived) bundle on demand.
 */
final class UniformBundles extends AbstractList<Bundle> implements RandomAccess {
  private final int count;
  private final Resources each;

  UniformBundles(int count, Resources each) {
    if (count <= 0) {
      throw new IllegalArgumentException("a placement group needs at least one bundle");
    }
    this.count = count;
    this.each = each;
    new Bundle(0, each); // the same checks as any bundle
  }

  @Override
  public Bundle get(int index) {
    if (index < 0 || index >= count) {
      throw new IndexOutOfBoundsException("bundle " + index + " of " + count);
    }
    return new Bundle(index, each);
  }

  @Override
  public int size() {
    return count;
  }
}
