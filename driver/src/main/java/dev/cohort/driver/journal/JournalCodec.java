package dev.cohort.driver.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohort.core.placement.Bundle;
import dev.cohort.core.placement.PlacementGroupSpec;
import dev.cohort.core.placement.PlacementStrategy;
import dev.cohort.core.port.ClusterCommand;
import dev.cohort.core.port.ClusterEvent;
import dev.cohort.core.port.Command;
import dev.cohort.core.port.JobOutcome;
import dev.cohort.core.port.Launch;
import dev.cohort.core.port.LoopEffect;
import dev.cohort.core.port.NodeRef;
import dev.cohort.core.port.PgId;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.port.Slot;
import dev.cohort.core.port.TimerKind;
import dev.cohort.core.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Commands and events as JSON and back, field by field, with no loss: resources as fixed-point
 * units, times in µs. Writing goes through the handler interfaces, so a new command or event kind
 * does not compile until it has a form here.
 */
final class JournalCodec {
  static final ObjectMapper JSON = new ObjectMapper();

  private JournalCodec() {}

  // ---------------------------------------------------------------- small values

  static ObjectNode pg(PgId id) {
    return JSON.createObjectNode().put("job", id.job()).put("index", id.index());
  }

  static PgId pg(JsonNode n) {
    return new PgId(text(n, "job"), n.required("index").asInt());
  }

  static ObjectNode replica(ReplicaId r) {
    return JSON.createObjectNode().put("job", r.job()).put("index", r.index());
  }

  static ReplicaId replica(JsonNode n) {
    return new ReplicaId(text(n, "job"), n.required("index").asInt());
  }

  static ObjectNode node(NodeRef r) {
    return JSON.createObjectNode()
        .put("name", r.name())
        .put("host", r.host())
        .put("incarnation", r.incarnation());
  }

  static NodeRef node(JsonNode n) {
    return new NodeRef(text(n, "name"), text(n, "host"), n.required("incarnation").asInt());
  }

  static ObjectNode units(Resources r) {
    ObjectNode o = JSON.createObjectNode();
    for (int i = 0; i < r.size(); i++) {
      o.put(r.name(i), r.unitsAt(i));
    }
    return o;
  }

  static Resources units(JsonNode n) {
    TreeMap<String, Long> m = new TreeMap<>();
    n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
    return Resources.ofUnits(m);
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.required(field);
    if (!v.isTextual()) {
      throw new IllegalArgumentException("field " + field + " must be text");
    }
    return v.asText();
  }

  // ---------------------------------------------------------------- events

  static ObjectNode event(ClusterEvent e) {
    ObjectNode o = JSON.createObjectNode();
    o.put("at", e.at());
    e.applyTo(
        new ClusterEvent.Handler() {
          @Override
          public void placementGroupPlaced(ClusterEvent.PlacementGroupPlaced p) {
            o.put("kind", "placementGroupPlaced").set("pg", pg(p.pg()));
            ObjectNode b = o.putObject("bundles");
            new TreeMap<>(p.bundles()).forEach((k, v) -> b.set(Integer.toString(k), node(v)));
          }

          @Override
          public void placementGroupRescheduling(ClusterEvent.PlacementGroupRescheduling p) {
            o.put("kind", "placementGroupRescheduling").set("pg", pg(p.pg()));
            ArrayNode a = o.putArray("lostBundles");
            p.lostBundles().forEach(a::add);
          }

          @Override
          public void placementGroupRefused(ClusterEvent.PlacementGroupRefused p) {
            o.put("kind", "placementGroupRefused").put("reason", p.reason()).set("pg", pg(p.pg()));
          }

          @Override
          public void actorPlaced(ClusterEvent.ActorPlaced a) {
            o.put("kind", "actorPlaced").put("lease", a.lease());
            o.set("replica", replica(a.replica()));
            o.set("node", node(a.node()));
          }

          @Override
          public void actorLost(ClusterEvent.ActorLost a) {
            o.put("kind", "actorLost").put("lease", a.lease()).put("cause", a.cause());
            o.set("replica", replica(a.replica()));
          }

          @Override
          public void replicaStarted(ClusterEvent.ReplicaStarted r) {
            o.put("kind", "replicaStarted").put("attempt", r.attempt());
            o.set("replica", replica(r.replica()));
            o.set("node", node(r.node()));
          }

          @Override
          public void replicaExited(ClusterEvent.ReplicaExited r) {
            o.put("kind", "replicaExited").put("attempt", r.attempt()).put("code", r.exitCode());
            o.set("replica", replica(r.replica()));
          }

          @Override
          public void replicaLost(ClusterEvent.ReplicaLost r) {
            o.put("kind", "replicaLost").put("attempt", r.attempt()).put("cause", r.cause());
            o.set("replica", replica(r.replica()));
          }

          @Override
          public void launchRefused(ClusterEvent.LaunchRefused r) {
            o.put("kind", "launchRefused").put("attempt", r.attempt()).put("reason", r.reason());
            o.set("replica", replica(r.replica()));
          }

          @Override
          public void timerFired(ClusterEvent.TimerFired t) {
            o.put("kind", "timerFired")
                .put("job", t.job())
                .put("timer", t.kind().name())
                .put("token", t.token());
          }

          @Override
          public void cancelRequested(ClusterEvent.CancelRequested c) {
            o.put("kind", "cancelRequested").put("job", c.job());
          }
        });
    return o;
  }

  static ClusterEvent event(JsonNode n) {
    long at = n.required("at").asLong();
    String kind = text(n, "kind");
    return switch (kind) {
      case "placementGroupPlaced" -> {
        TreeMap<Integer, NodeRef> b = new TreeMap<>();
        n.required("bundles")
            .fields()
            .forEachRemaining(e -> b.put(Integer.parseInt(e.getKey()), node(e.getValue())));
        yield new ClusterEvent.PlacementGroupPlaced(at, pg(n.required("pg")), b);
      }
      case "placementGroupRescheduling" -> {
        List<Integer> lost = new ArrayList<>();
        n.required("lostBundles").forEach(x -> lost.add(x.asInt()));
        yield new ClusterEvent.PlacementGroupRescheduling(at, pg(n.required("pg")), lost);
      }
      case "placementGroupRefused" ->
          new ClusterEvent.PlacementGroupRefused(at, pg(n.required("pg")), text(n, "reason"));
      case "actorPlaced" ->
          new ClusterEvent.ActorPlaced(
              at,
              replica(n.required("replica")),
              n.required("lease").asInt(),
              node(n.required("node")));
      case "actorLost" ->
          new ClusterEvent.ActorLost(
              at, replica(n.required("replica")), n.required("lease").asInt(), text(n, "cause"));
      case "replicaStarted" ->
          new ClusterEvent.ReplicaStarted(
              at,
              replica(n.required("replica")),
              n.required("attempt").asInt(),
              node(n.required("node")));
      case "launchRefused" ->
          new ClusterEvent.LaunchRefused(
              at, replica(n.required("replica")), n.required("attempt").asInt(), text(n, "reason"));
      case "replicaExited" ->
          new ClusterEvent.ReplicaExited(
              at,
              replica(n.required("replica")),
              n.required("attempt").asInt(),
              n.required("code").asInt());
      case "replicaLost" ->
          new ClusterEvent.ReplicaLost(
              at, replica(n.required("replica")), n.required("attempt").asInt(), text(n, "cause"));
      case "timerFired" ->
          new ClusterEvent.TimerFired(
              at,
              text(n, "job"),
              TimerKind.valueOf(text(n, "timer")),
              n.required("token").asLong());
      case "cancelRequested" -> new ClusterEvent.CancelRequested(at, text(n, "job"));
      default -> throw new IllegalArgumentException("unknown event kind " + kind);
    };
  }

  // ---------------------------------------------------------------- commands

  static ArrayNode commands(List<Command> commands) {
    ArrayNode a = JSON.createArrayNode();
    commands.forEach(c -> a.add(command(c)));
    return a;
  }

  static List<Command> commands(JsonNode a) {
    List<Command> out = new ArrayList<>();
    a.forEach(c -> out.add(command(c)));
    return out;
  }

  static ObjectNode command(Command c) {
    ObjectNode o = JSON.createObjectNode();
    c.dispatch(
        new ClusterCommand.Handler() {
          @Override
          public void createPlacementGroup(Command.CreatePlacementGroup x) {
            PlacementGroupSpec s = x.spec();
            o.put("kind", "createPlacementGroup").put("strategy", s.strategy().name());
            o.set("pg", pg(s.id()));
            ArrayNode b = o.putArray("bundleUnits");
            for (Bundle bundle : s.bundles()) {
              b.add(units(bundle.resources()));
            }
          }

          @Override
          public void removePlacementGroup(Command.RemovePlacementGroup x) {
            o.put("kind", "removePlacementGroup").set("pg", pg(x.pg()));
          }

          @Override
          public void requestActor(Command.RequestActor x) {
            o.put("kind", "requestActor").put("lease", x.lease());
            o.set("replica", replica(x.replica()));
            o.set("demandUnits", units(x.demand()));
          }

          @Override
          public void releaseActor(Command.ReleaseActor x) {
            o.put("kind", "releaseActor").put("lease", x.lease());
            o.set("replica", replica(x.replica()));
          }

          @Override
          public void startReplica(Command.StartReplica x) {
            o.put("kind", "startReplica").put("attempt", x.attempt());
            o.set("replica", replica(x.replica()));
            o.set("slot", slot(x.slot()));
            Launch l = x.launch();
            o.putObject("launch")
                .put("rank0", l.rank0())
                .put("rank0Host", l.rank0Host())
                .put("min", l.minReplicas())
                .put("max", l.maxReplicas())
                .put("generation", l.generation());
          }

          @Override
          public void stopReplica(Command.StopReplica x) {
            o.put("kind", "stopReplica").put("attempt", x.attempt());
            o.set("replica", replica(x.replica()));
          }
        },
        new LoopEffect.Handler() {
          @Override
          public void setTimer(Command.SetTimer t) {
            o.put("kind", "setTimer")
                .put("job", t.job())
                .put("timer", t.kind().name())
                .put("token", t.token())
                .put("at", t.at());
          }

          @Override
          public void jobFinished(Command.JobFinished f) {
            o.put("kind", "jobFinished")
                .put("job", f.job())
                .put("outcome", f.outcome().name())
                .put("reason", f.reason());
          }
        });
    return o;
  }

  private static ObjectNode slot(Slot s) {
    ObjectNode o = JSON.createObjectNode();
    if (s instanceof Slot.InBundle ib) {
      o.put("bundle", ib.bundle()).set("pg", pg(ib.pg()));
    } else if (s instanceof Slot.Actor a) {
      o.set("actor", replica(a.replica()));
      o.set("demandUnits", units(a.demand()));
    }
    return o;
  }

  private static Slot slot(JsonNode n) {
    if (n.has("pg")) {
      return new Slot.InBundle(pg(n.required("pg")), n.required("bundle").asInt());
    }
    return new Slot.Actor(replica(n.required("actor")), units(n.required("demandUnits")));
  }

  static Command command(JsonNode n) {
    String kind = text(n, "kind");
    return switch (kind) {
      case "createPlacementGroup" -> {
        List<Bundle> bundles = new ArrayList<>();
        n.required("bundleUnits").forEach(b -> bundles.add(new Bundle(bundles.size(), units(b))));
        yield new Command.CreatePlacementGroup(
            new PlacementGroupSpec(
                pg(n.required("pg")), bundles, PlacementStrategy.valueOf(text(n, "strategy"))));
      }
      case "removePlacementGroup" -> new Command.RemovePlacementGroup(pg(n.required("pg")));
      case "requestActor" ->
          new Command.RequestActor(
              replica(n.required("replica")),
              n.required("lease").asInt(),
              units(n.required("demandUnits")));
      case "releaseActor" ->
          new Command.ReleaseActor(replica(n.required("replica")), n.required("lease").asInt());
      case "startReplica" -> {
        JsonNode l = n.required("launch");
        yield new Command.StartReplica(
            replica(n.required("replica")),
            n.required("attempt").asInt(),
            slot(n.required("slot")),
            new Launch(
                l.required("rank0").asBoolean(),
                text(l, "rank0Host"),
                l.required("min").asInt(),
                l.required("max").asInt(),
                l.required("generation").asInt()));
      }
      case "stopReplica" ->
          new Command.StopReplica(replica(n.required("replica")), n.required("attempt").asInt());
      case "setTimer" ->
          new Command.SetTimer(
              text(n, "job"),
              TimerKind.valueOf(text(n, "timer")),
              n.required("token").asLong(),
              n.required("at").asLong());
      case "jobFinished" ->
          new Command.JobFinished(
              text(n, "job"), JobOutcome.valueOf(text(n, "outcome")), text(n, "reason"));
      default -> throw new IllegalArgumentException("unknown command kind " + kind);
    };
  }

  /** A map of strings as a JSON object, sorted. */
  static ObjectNode strings(Map<String, String> m) {
    ObjectNode o = JSON.createObjectNode();
    new TreeMap<>(m).forEach(o::put);
    return o;
  }
}
