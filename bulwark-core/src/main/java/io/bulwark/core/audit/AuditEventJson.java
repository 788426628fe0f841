package io.bulwark.core.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of an {@link AuditEvent}: one object with fields in a fixed order ({@code id, time,
 * type, actor, target, action, outcome, reason, details, traceId}), ISO-8601 UTC time, lower-case
 * outcome, and absent fields where a value is {@code null} or empty. Parsing is strict: unknown or
 * duplicate fields, wrong types and invalid values are errors.
 */
public final class AuditEventJson {

  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper MAPPER =
      new ObjectMapper(FACTORY)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  private static final Set<String> EVENT_FIELDS =
      Set.of(
          "id", "time", "type", "actor", "target", "action", "outcome", "reason", "details",
          "traceId");
  private static final Set<String> ACTOR_FIELDS =
      Set.of("principal", "clientId", "sourceIp", "spiffeId");

  private AuditEventJson() {}

  /** Returns {@code event} as one line of UTF-8 JSON, ending in {@code '\n'}. */
  public static byte[] toJsonLine(AuditEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      write(json, event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  /** Returns {@code event} as a JSON string (no line end). */
  public static String toJson(AuditEvent event) {
    byte[] line = toJsonLine(event);
    return new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
  }

  private static void write(JsonGenerator json, AuditEvent event) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", event.id());
    json.writeStringField("time", event.time().toString());
    json.writeStringField("type", event.type());
    Actor actor = event.actor();
    if (!actor.isEmpty()) {
      json.writeObjectFieldStart("actor");
      writeOptional(json, "principal", actor.principal());
      writeOptional(json, "clientId", actor.clientId());
      writeOptional(json, "sourceIp", actor.sourceIp());
      writeOptional(json, "spiffeId", actor.spiffeId());
      json.writeEndObject();
    }
    json.writeStringField("target", event.target());
    json.writeStringField("action", event.action());
    json.writeStringField("outcome", event.outcome().jsonValue());
    writeOptional(json, "reason", event.reason());
    if (!event.details().isEmpty()) {
      json.writeObjectFieldStart("details");
      for (Map.Entry<String, String> detail : event.details().entrySet()) {
        json.writeStringField(detail.getKey(), detail.getValue());
      }
      json.writeEndObject();
    }
    writeOptional(json, "traceId", event.traceId());
    json.writeEndObject();
  }

  private static void writeOptional(JsonGenerator json, String name, String value)
      throws IOException {
    if (value != null) {
      json.writeStringField(name, value);
    }
  }

  /**
   * Parses one event from its JSON form.
   *
   * @throws IllegalArgumentException saying what is wrong, if {@code json} is not a valid event
   */
  public static AuditEvent parse(String json) {
    JsonNode root;
    try (JsonParser parser = FACTORY.createParser(json)) {
      root = MAPPER.readTree(parser);
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("trailing content after the event");
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("an audit event must be a JSON object");
    }
    checkFields(root, EVENT_FIELDS, "event");
    try {
      return new AuditEvent(
          required(root, "id"),
          Instant.parse(required(root, "time")),
          required(root, "type"),
          actor(root.get("actor")),
          required(root, "target"),
          required(root, "action"),
          Outcome.fromJson(required(root, "outcome")),
          optional(root, "reason"),
          details(root.get("details")),
          optional(root, "traceId"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("time is not an ISO-8601 instant");
    }
  }

  private static Actor actor(JsonNode node) {
    if (node == null) {
      return Actor.NONE;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("actor must be an object");
    }
    checkFields(node, ACTOR_FIELDS, "actor");
    return new Actor(
        optional(node, "principal"),
        optional(node, "clientId"),
        optional(node, "sourceIp"),
        optional(node, "spiffeId"));
  }

  private static Map<String, String> details(JsonNode node) {
    if (node == null) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("details must be an object");
    }
    Map<String, String> details = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!entry.getValue().isTextual()) {
        throw new IllegalArgumentException("detail " + entry.getKey() + " must be a string");
      }
      details.put(entry.getKey(), entry.getValue().textValue());
    }
    return details;
  }

  private static void checkFields(JsonNode node, Set<String> allowed, String what) {
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!allowed.contains(entry.getKey())) {
        throw new IllegalArgumentException("unknown " + what + " field '" + entry.getKey() + "'");
      }
    }
  }

  private static String required(JsonNode node, String field) {
    String value = optional(node, field);
    if (value == null) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return value;
  }

  private static String optional(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' must be a string");
    }
    return value.textValue();
  }
}
