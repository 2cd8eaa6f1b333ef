package dev.cohort.core.spec;

import dev.cohort.core.placement.PlacementStrategy;
import dev.cohort.core.resources.Resources;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A validated job: the one schema both the simulator and the real driver run. Durations are in
 * microseconds.
 *
 * @param name unique job name
 * @param replicas gang size and elastic maximum
 * @param resources per replica, which is also per bundle
 * @param strategy placement strategy of the gang group (default SPREAD, as TorchX)
 * @param reservation placement groups (default) or plain actors
 * @param maxRestarts job-wide restart budget (default 3)
 * @param startTimeout fail the job if the gang never starts within this time (default none)
 * @param rendezvousTimeout fail the job if it stays below min this long (default 10m)
 * @param scaleUpCountsAsRestart whether an elastic join consumes the restart budget (torchrun: no)
 * @param command argv of each replica's process for real runs (empty in pure simulations)
 * @param env extra environment for real runs, sorted by name
 * @param work the simulated work, when the job is simulated
 * @param roles replicas of their own shape (command, env, resources), numbered role by role; empty:
 *     every replica is alike
 */
public record JobSpec(
    String name,
    ReplicaBounds replicas,
    Resources resources,
    PlacementStrategy strategy,
    Reservation reservation,
    int maxRestarts,
    OptionalLong startTimeout,
    long rendezvousTimeout,
    boolean scaleUpCountsAsRestart,
    List<String> command,
    SortedMap<String, String> env,
    Optional<WorkSpec> work,
    List<Role> roles) {

  /** Default resources of one replica: one CPU. */
  public static final Resources DEFAULT_RESOURCES = Resources.of("CPU", 1);

  private static final SortedMap<String, String> NO_ENV =
      java.util.Collections.unmodifiableSortedMap(new TreeMap<>());

  /** Default restart budget. */
  public static final int DEFAULT_MAX_RESTARTS = 3;

  /** Default rendezvous timeout: 10 minutes, like torchrun's join timeout. */
  public static final long DEFAULT_RENDEZVOUS_TIMEOUT = 10 * Durations.MICROS_PER_MINUTE;

  public JobSpec {
    command = List.copyOf(command);
    env = env.isEmpty() ? NO_ENV : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(env));
    if (resources.isEmpty()) {
      throw new IllegalArgumentException("a replica must request some resource");
    }
    if (maxRestarts < 0) {
      throw new IllegalArgumentException("maxRestarts must be ≥ 0");
    }
    if (rendezvousTimeout <= 0) {
      throw new IllegalArgumentException("rendezvousTimeout must be positive");
    }
    roles = List.copyOf(roles);
    if (!roles.isEmpty()) {
      int total = roles.stream().mapToInt(Role::count).sum();
      if (total != replicas.max()) {
        throw new IllegalArgumentException(
            "the roles have " + total + " replicas in all but max is " + replicas.max());
      }
    }
  }

  /** A job without roles (every replica alike). */
  public JobSpec(
      String name,
      ReplicaBounds replicas,
      Resources resources,
      PlacementStrategy strategy,
      Reservation reservation,
      int maxRestarts,
      OptionalLong startTimeout,
      long rendezvousTimeout,
      boolean scaleUpCountsAsRestart,
      List<String> command,
      SortedMap<String, String> env,
      Optional<WorkSpec> work) {
    this(
        name,
        replicas,
        resources,
        strategy,
        reservation,
        maxRestarts,
        startTimeout,
        rendezvousTimeout,
        scaleUpCountsAsRestart,
        command,
        env,
        work,
        List.of());
  }

  /** The role replica {@code i} plays, or null when the job has no roles. */
  public Role roleOf(int i) {
    if (roles.size() == replicas.max() && i < roles.size()) {
      return roles.get(i); // one replica per role (TorchX): no walk
    }
    int at = 0;
    for (Role r : roles) {
      at += r.count();
      if (i < at) {
        return r;
      }
    }
    return null;
  }

  /** What replica {@code i} asks for. */
  public Resources resourcesOf(int i) {
    Role r = roleOf(i);
    return r == null ? resources : r.resources();
  }

  /** Replica {@code i}'s argv. */
  public List<String> commandOf(int i) {
    Role r = roleOf(i);
    return r == null || r.command().isEmpty() ? command : r.command();
  }

  /** Replica {@code i}'s extra environment: the job's, overridden by its role's. */
  public SortedMap<String, String> envOf(int i) {
    Role r = roleOf(i);
    if (r == null || r.env().isEmpty()) {
      return env;
    }
    TreeMap<String, String> m = new TreeMap<>(env);
    m.putAll(r.env());
    return m;
  }

  /** Whether every replica asks for the same resources. */
  public boolean uniform() {
    return roles.stream().allMatch(r -> r.resources().equals(resources));
  }

  /** A builder with every default set; name and work (or command) are up to the caller. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder initialised from this spec. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.replicas = replicas;
    b.resources = resources;
    b.strategy = strategy;
    b.reservation = reservation;
    b.maxRestarts = maxRestarts;
    b.startTimeout = startTimeout;
    b.rendezvousTimeout = rendezvousTimeout;
    b.scaleUpCountsAsRestart = scaleUpCountsAsRestart;
    b.command = command;
    b.env = env;
    b.work = work;
    b.roles = roles;
    return b;
  }

  /** Builds {@link JobSpec}s; every field starts at its documented default. */
  public static final class Builder {
    private String name;
    private ReplicaBounds replicas = ReplicaBounds.exactly(1);
    private Resources resources = DEFAULT_RESOURCES;
    private PlacementStrategy strategy = PlacementStrategy.SPREAD;
    private Reservation reservation = Reservation.PLACEMENT_GROUP;
    private int maxRestarts = DEFAULT_MAX_RESTARTS;
    private OptionalLong startTimeout = OptionalLong.empty();
    private long rendezvousTimeout = DEFAULT_RENDEZVOUS_TIMEOUT;
    private boolean scaleUpCountsAsRestart;
    private List<String> command = List.of();
    private Map<String, String> env = Map.of();
    private Optional<WorkSpec> work = Optional.empty();
    private List<Role> roles = List.of();

    private Builder(String name) {
      this.name = name;
    }

    public Builder name(String v) {
      name = v;
      return this;
    }

    public Builder replicas(int min, int max) {
      replicas = new ReplicaBounds(min, max);
      return this;
    }

    public Builder resources(Resources v) {
      resources = v;
      return this;
    }

    public Builder strategy(PlacementStrategy v) {
      strategy = v;
      return this;
    }

    public Builder reservation(Reservation v) {
      reservation = v;
      return this;
    }

    public Builder maxRestarts(int v) {
      maxRestarts = v;
      return this;
    }

    public Builder startTimeout(long micros) {
      startTimeout = OptionalLong.of(micros);
      return this;
    }

    public Builder rendezvousTimeout(long micros) {
      rendezvousTimeout = micros;
      return this;
    }

    public Builder scaleUpCountsAsRestart(boolean v) {
      scaleUpCountsAsRestart = v;
      return this;
    }

    public Builder command(List<String> v) {
      command = v;
      return this;
    }

    public Builder env(Map<String, String> v) {
      env = v;
      return this;
    }

    public Builder work(WorkSpec v) {
      work = Optional.of(v);
      return this;
    }

    public Builder roles(List<Role> v) {
      roles = v;
      return this;
    }

    public JobSpec build() {
      return new JobSpec(
          name,
          replicas,
          resources,
          strategy,
          reservation,
          maxRestarts,
          startTimeout,
          rendezvousTimeout,
          scaleUpCountsAsRestart,
          command,
          env instanceof SortedMap<String, String> sorted ? sorted : new TreeMap<>(env),
          work,
          roles);
    }
  }
}
