package io.bulwark.audit.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.Outcome;
import io.bulwark.core.id.Ulid;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a batch of events posted by a service and turns it into {@link AuditEvent}s, all or
 * nothing. The server fills in what the client must not choose: the id, the actor (from the token
 * and the connection) and, unless the client gives a recent {@code time}, the time.
 */
final class EventBatch {
  /** Most events in one batch. */
  static final int MAX_EVENTS = 500;

  /** How far in the past a client-given {@code time} may lie. */
  static final Duration MAX_AGE = Duration.ofHours(24);

  /** How far in the future a client-given {@code time} may lie (clock skew). */
  static final Duration MAX_SKEW = Duration.ofMinutes(1);

  private static final Set<String> FIELDS =
      Set.of("type", "time", "target", "action", "outcome", "reason", "details", "traceId");
  private static final Set<String> ACTOR_FIELDS = Set.of("principal", "clientId", "spiffeId");

  /**
   * One bad entry of a batch.
   *
   * @param index its position in the array (from 0)
   * @param detail what is wrong with it
   */
  record Error(int index, String detail) {}

  /** The outcome of validating a batch: events when {@code errors} is empty. */
  record Result(List<AuditEvent> events, List<Error> errors) {}

  /**
   * Who reported the batch, as the server established it.
   *
   * @param subject the token's subject
   * @param clientId the token's client id, or {@code null}
   * @param sourceIp the connection's address
   * @param mayReportActor whether the token allows the entries to name their own actor
   */
  record Reporter(String subject, String clientId, String sourceIp, boolean mayReportActor) {}

  private EventBatch() {}

  static Result parse(JsonNode body, Reporter reporter, Instant now, Ulid.Generator ids) {
    List<Error> errors = new ArrayList<>();
    if (body == null || !body.isArray()) {
      errors.add(new Error(-1, "the body must be a JSON array of events"));
      return new Result(List.of(), errors);
    }
    if (body.isEmpty() || body.size() > MAX_EVENTS) {
      errors.add(new Error(-1, "a batch holds 1 to " + MAX_EVENTS + " events"));
      return new Result(List.of(), errors);
    }
    List<AuditEvent> events = new ArrayList<>(body.size());
    for (int i = 0; i < body.size(); i++) {
      try {
        events.add(event(body.get(i), reporter, now, ids));
      } catch (IllegalArgumentException | NullPointerException e) {
        errors.add(new Error(i, e.getMessage() == null ? "invalid event" : e.getMessage()));
      }
    }
    return new Result(errors.isEmpty() ? events : List.of(), errors);
  }

  private static AuditEvent event(
      JsonNode node, Reporter reporter, Instant now, Ulid.Generator ids) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("an event must be a JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (name.equals("actor")) {
        if (!reporter.mayReportActor()) {
          throw new IllegalArgumentException(
              "actor is set by the server from the token and connection (the token lacks scope "
                  + AuditApi.ACTOR_SCOPE
                  + ")");
        }
      } else if (name.equals("id") || name.equals("sourceIp")) {
        throw new IllegalArgumentException("'" + name + "' is set by the server");
      } else if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("unknown field '" + name + "'");
      }
    }
    Instant time = now;
    JsonNode timeNode = node.get("time");
    if (timeNode != null) {
      time = time(timeNode, now);
    }
    Map<String, String> details = details(node.get("details"));
    if (details.size() > AuditEvent.MAX_DETAILS - 2) {
      throw new IllegalArgumentException(
          "details: at most " + (AuditEvent.MAX_DETAILS - 2) + " entries");
    }
    if (details.containsKey("reportedBy") || details.containsKey("reportedFrom")) {
      throw new IllegalArgumentException(
          "details.reportedBy and reportedFrom are set by the server");
    }
    Map<String, String> all = new LinkedHashMap<>(details);
    all.put("reportedBy", reporter.subject());
    Actor actor = new Actor(reporter.subject(), reporter.clientId(), reporter.sourceIp(), null);
    if (node.has("actor")) {
      all.put("reportedFrom", reporter.sourceIp());
      actor = reportedActor(node.get("actor"));
    }
    String outcome = text(node, "outcome", true);
    return new AuditEvent(
        ids.next(time),
        time,
        text(node, "type", true),
        actor,
        text(node, "target", true),
        text(node, "action", true),
        outcome(outcome),
        text(node, "reason", false),
        all,
        text(node, "traceId", false));
  }

  private static Outcome outcome(String value) {
    try {
      return Outcome.fromJson(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("outcome must be one of success, failure, denied, error");
    }
  }

  private static Instant time(JsonNode node, Instant now) {
    if (!node.isTextual()) {
      throw new IllegalArgumentException("time must be an ISO-8601 UTC string");
    }
    Instant time;
    try {
      time = Instant.parse(node.asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("time must be an ISO-8601 UTC string");
    }
    if (time.isBefore(now.minus(MAX_AGE)) || time.isAfter(now.plus(MAX_SKEW))) {
      throw new IllegalArgumentException("time must lie within the last 24 hours");
    }
    return time.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  private static Actor reportedActor(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("actor must be an object");
    }
    String sourceIp = null;
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!ACTOR_FIELDS.contains(name) && !name.equals("sourceIp")) {
        throw new IllegalArgumentException("unknown field 'actor." + name + "'");
      }
    }
    if (node.has("sourceIp")) {
      sourceIp = text(node, "sourceIp", false);
    }
    return new Actor(
        text(node, "principal", false),
        text(node, "clientId", false),
        sourceIp,
        text(node, "spiffeId", false));
  }

  private static Map<String, String> details(JsonNode node) {
    if (node == null) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("details must be an object of strings");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!entry.getValue().isTextual()) {
        throw new IllegalArgumentException("details." + entry.getKey() + " must be a string");
      }
      out.put(entry.getKey(), entry.getValue().asText());
    }
    return out;
  }

  private static String text(JsonNode node, String field, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new IllegalArgumentException("missing '" + field + "'");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' must be a string");
    }
    return value.asText();
  }
}
