package dev.cohort.core.spec;

import dev.cohort.core.placement.PlacementStrategy;
import dev.cohort.core.spec.SpecNode.SpecMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a job mapping into a {@link JobSpec}. The single place where job fields are validated: job
 * files, scenario jobs and arrival templates all come through here.
 */
public final class JobSpecParser {

  /** The keys a job mapping may have. */
  public static final Set<String> JOB_KEYS =
      Set.of(
          "name",
          "replicas",
          "resources",
          "strategy",
          "reservation",
          "maxRestarts",
          "startTimeout",
          "rendezvousTimeout",
          "scaleUpCountsAsRestart",
          "command",
          "env",
          "work",
          "roles");

  /** The keys allowed for each (extra keys, fixed name) a caller uses, made once. */
  private static final java.util.concurrent.ConcurrentHashMap<List<Object>, Set<String>> ALLOWED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static final Map<String, PlacementStrategy> STRATEGIES =
      SpecFields.orderedMap(
          "PACK", PlacementStrategy.PACK,
          "SPREAD", PlacementStrategy.SPREAD,
          "STRICT_PACK", PlacementStrategy.STRICT_PACK,
          "STRICT_SPREAD", PlacementStrategy.STRICT_SPREAD);

  private static final Map<String, Reservation> RESERVATIONS =
      SpecFields.orderedMap(
          "placement-group", Reservation.PLACEMENT_GROUP, "actors", Reservation.ACTORS);

  private JobSpecParser() {}

  /** Reads a job file (YAML or JSON) holding one job mapping. */
  public static JobSpec parseFile(Path file) {
    return parse(SpecReader.read(file).asMap(), Set.of(), Optional.empty());
  }

  /**
   * Parses a job mapping.
   *
   * @param m the mapping
   * @param extraKeys keys the caller handles itself (e.g. {@code submitAt} in scenarios)
   * @param fixedName a name to use when the mapping has none (arrival templates); when present the
   *     mapping must not name the job
   */
  public static JobSpec parse(SpecMap m, Set<String> extraKeys, Optional<String> fixedName) {
    Set<String> allowed =
        ALLOWED.computeIfAbsent(
            List.of(extraKeys, fixedName.isPresent()),
            k -> {
              Set<String> a = new HashSet<>(JOB_KEYS);
              a.addAll(extraKeys);
              if (fixedName.isPresent()) {
                a.remove("name");
              }
              return Set.copyOf(a);
            });
    m.allowOnly(allowed);
    String name =
        fixedName.orElseGet(() -> SpecFields.name(m.require("name", "a unique job name")));
    JobSpec.Builder b = JobSpec.builder(name);

    m.get("replicas")
        .ifPresent(
            rn -> {
              SpecMap r = rn.asMap().allowOnly(Set.of("min", "max"));
              SpecNode minNode = r.require("min", "the gang size, ≥ 1");
              int min = minNode.asInt(1, ReplicaBounds.LIMIT);
              SpecNode maxNode = r.get("max").orElse(minNode);
              int max = maxNode.asInt(1, ReplicaBounds.LIMIT);
              if (min > max) {
                throw r.error("min (" + min + ") must not exceed max (" + max + ")");
              }
              b.replicas(min, max);
            });
    m.get("resources").ifPresent(n -> b.resources(SpecFields.resources(n, false)));
    m.get("strategy").ifPresent(n -> b.strategy(n.asChoice(STRATEGIES)));
    m.get("reservation").ifPresent(n -> b.reservation(n.asChoice(RESERVATIONS)));
    m.get("maxRestarts").ifPresent(n -> b.maxRestarts(n.asInt(0, 1_000_000)));
    m.get("startTimeout").ifPresent(n -> b.startTimeout(n.asDuration(false)));
    m.get("rendezvousTimeout").ifPresent(n -> b.rendezvousTimeout(n.asDuration(false)));
    m.get("scaleUpCountsAsRestart").ifPresent(n -> b.scaleUpCountsAsRestart(n.asBoolean()));
    m.get("command").ifPresent(n -> b.command(command(n)));
    m.get("env").ifPresent(n -> b.env(SpecFields.stringMap(n)));
    m.get("work").ifPresent(n -> b.work(work(n)));
    Optional<SpecNode> rolesNode = m.get("roles");
    if (rolesNode.isPresent()) {
      JobSpec defaults = b.build();
      List<Role> roles = roles(rolesNode.get(), defaults);
      int total = roles.stream().mapToInt(Role::count).sum();
      if (m.has("replicas")) {
        SpecMap r = m.require("replicas", "").asMap();
        if (defaults.replicas().max() != total) {
          throw r.error(
              "max ("
                  + defaults.replicas().max()
                  + ") must equal the roles' replicas in all ("
                  + total
                  + "); leave 'replicas' out to run them all as one gang");
        }
      } else {
        b.replicas(total, total);
      }
      b.roles(roles);
    }
    return b.build();
  }

  /**
   * A {@code roles} list: {@code [{name, replicas, command, env, resources}]}, each role's missing
   * fields taken from the job.
   */
  private static List<Role> roles(SpecNode n, JobSpec job) {
    List<Role> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (SpecNode item : n.asList().items()) {
      SpecMap r = item.asMap().allowOnly(Set.of("name", "replicas", "command", "env", "resources"));
      SpecNode nameNode = r.require("name", "what the role is called, e.g. trainer");
      String name = SpecFields.name(nameNode);
      if (!names.add(name)) {
        throw nameNode.error("role '" + name + "' is declared twice");
      }
      int count = r.opt("replicas", x -> x.asInt(1, ReplicaBounds.LIMIT)).orElse(1);
      List<String> command = r.opt("command", JobSpecParser::command).orElse(job.command());
      Map<String, String> env = r.opt("env", SpecFields::stringMap).orElse(Map.of());
      dev.cohort.core.resources.Resources res =
          r.opt("resources", x -> SpecFields.resources(x, false)).orElse(job.resources());
      out.add(new Role(name, count, command, new java.util.TreeMap<>(env), res));
    }
    if (out.isEmpty()) {
      throw n.error("lists no roles; give at least one {name, replicas, command, resources}");
    }
    return out;
  }

  private static List<String> command(SpecNode n) {
    List<String> argv = new ArrayList<>();
    if (n instanceof SpecNode.SpecScalar) {
      throw n.error(
          "expected the command as a list of arguments, e.g. [python, train.py, --epochs, '3']"
              + " (no shell is involved)");
    }
    for (SpecNode item : n.asList().items()) {
      argv.add(item.asText("an argument"));
    }
    if (argv.isEmpty() || argv.get(0).isBlank()) {
      throw n.error("must name a program to run as its first element");
    }
    return argv;
  }

  /** Parses a {@code work} mapping. */
  public static WorkSpec work(SpecNode n) {
    SpecMap w = n.asMap();
    if (w.has("duration")) {
      w.allowOnly(Set.of("duration"));
      return new WorkSpec.PerReplica(
          SpecFields.distribution(w.require("duration", "how long each replica runs"), false));
    }
    if (w.has("total")) {
      w.allowOnly(Set.of("total", "checkpointEvery", "checkpointCost", "restartCost"));
      long total = w.require("total", "compute needed at one replica").asDuration(false);
      long every =
          w.require("checkpointEvery", "compute between checkpoints, > 0").asDuration(false);
      long cost = w.get("checkpointCost").map(x -> x.asDuration(true)).orElse(0L);
      long restart = w.get("restartCost").map(x -> x.asDuration(true)).orElse(0L);
      return new WorkSpec.Checkpointed(total, every, cost, restart);
    }
    throw w.error(
        "expected either {duration: D} or {total: W, checkpointEvery: C, checkpointCost: K,"
            + " restartCost: R}");
  }
}
