package dev.cohort.core.spec;

import dev.cohort.core.resources.Resources;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Some replicas of a gang with their own shape: a trainer role and a reader role in one job, or one
 * TorchX actor. Replicas are numbered role by role, in declaration order.
 *
 * @param name what the role is called ({@code COHORT_ROLE} in its replicas' environment)
 * @param count how many replicas play it
 * @param command their argv (empty: the job's)
 * @param env added to (and overriding) the job's environment
 * @param resources what each of them asks for
 */
public record Role(
    String name,
    int count,
    List<String> command,
    SortedMap<String, String> env,
    Resources resources) {

  public Role {
    if (count < 1) {
      throw new IllegalArgumentException("a role needs at least one replica, got " + count);
    }
    if (resources.isEmpty()) {
      throw new IllegalArgumentException("a role's replicas must request some resource");
    }
    command = List.copyOf(command);
    env = Collections.unmodifiableSortedMap(new TreeMap<>(env));
  }
}
