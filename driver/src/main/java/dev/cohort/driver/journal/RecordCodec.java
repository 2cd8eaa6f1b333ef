package dev.cohort.driver.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohort.core.port.JobOutcome;
import java.util.TreeMap;

/** Journal records as JSON objects and back. */
final class RecordCodec {
  private RecordCodec() {}

  static ObjectNode encode(JournalRecord r) {
    ObjectNode o = JournalCodec.JSON.createObjectNode();
    if (r instanceof JournalRecord.Header h) {
      o.put("type", "header").put("journal", "cohort").put("version", h.version());
      o.put("run", h.run()).put("backend", h.backend()).put("epochMillis", h.epochMillis());
      o.putObject("source")
          .put("kind", h.source().kind())
          .put("file", h.source().file())
          .put("text", h.source().text());
      o.set("options", JournalCodec.strings(h.options()));
    } else if (r instanceof JournalRecord.Submitted s) {
      o.put("type", "submitted").put("at", s.at());
      o.set("commands", JournalCodec.commands(s.commands()));
    } else if (r instanceof JournalRecord.Step s) {
      o.put("type", "step");
      o.set("event", JournalCodec.event(s.event()));
      o.set("commands", JournalCodec.commands(s.commands()));
    } else if (r instanceof JournalRecord.Started s) {
      o.put("type", "started")
          .put("replica", s.replica())
          .put("attempt", s.attempt())
          .put("pid", s.pid())
          .put("startTicks", s.startTicks())
          .put("exitFile", s.exitFile());
    } else if (r instanceof JournalRecord.Resumed s) {
      o.put("type", "resumed").put("at", s.at()).put("driverPid", s.driverPid());
    } else if (r instanceof JournalRecord.Keeper k) {
      o.put("type", "keeper").put("pid", k.pid()).put("startTicks", k.startTicks());
    } else if (r instanceof JournalRecord.Ended e) {
      o.put("type", "ended").put("outcome", e.outcome().name()).put("reason", e.reason());
    }
    return o;
  }

  static JournalRecord decode(JsonNode n) {
    String type = JournalCodec.text(n, "type");
    return switch (type) {
      case "header" -> {
        if (!"cohort".equals(n.path("journal").asText())) {
          throw new IllegalArgumentException("not a Cohort journal");
        }
        int version = n.required("version").asInt();
        if (version != 1) {
          throw new IllegalArgumentException(
              "journal version " + version + " is not supported (this Cohort reads version 1)");
        }
        JsonNode s = n.required("source");
        TreeMap<String, String> opts = new TreeMap<>();
        n.required("options")
            .fields()
            .forEachRemaining(e -> opts.put(e.getKey(), e.getValue().asText()));
        yield new JournalRecord.Header(
            version,
            JournalCodec.text(n, "run"),
            new JournalRecord.Source(
                JournalCodec.text(s, "kind"),
                JournalCodec.text(s, "file"),
                JournalCodec.text(s, "text")),
            JournalCodec.text(n, "backend"),
            opts,
            n.required("epochMillis").asLong());
      }
      case "submitted" ->
          new JournalRecord.Submitted(
              n.required("at").asLong(), JournalCodec.commands(n.required("commands")));
      case "step" ->
          new JournalRecord.Step(
              JournalCodec.event(n.required("event")),
              JournalCodec.commands(n.required("commands")));
      case "started" ->
          new JournalRecord.Started(
              n.required("replica").asInt(),
              n.required("attempt").asInt(),
              n.required("pid").asLong(),
              n.required("startTicks").asLong(),
              JournalCodec.text(n, "exitFile"));
      case "resumed" ->
          new JournalRecord.Resumed(n.required("at").asLong(), n.required("driverPid").asLong());
      case "keeper" ->
          new JournalRecord.Keeper(n.required("pid").asLong(), n.required("startTicks").asLong());
      case "ended" ->
          new JournalRecord.Ended(
              JobOutcome.valueOf(JournalCodec.text(n, "outcome")), JournalCodec.text(n, "reason"));
      default -> throw new IllegalArgumentException("unknown record type " + type);
    };
  }
}
