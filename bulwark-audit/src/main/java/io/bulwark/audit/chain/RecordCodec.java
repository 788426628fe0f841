package io.bulwark.audit.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditEventJson;
import io.bulwark.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;

/**
 * Writes and parses the lines of a chained audit file (format in {@code docs/audit.md}).
 *
 * <pre>{@code
 * {"event":{...},"prev":"<64 hex>","seq":7,"hash":"<64 hex>"}
 * {"checkpoint":{"events":7,"head":"<64 hex>","headSeq":7,"keyId":"...","time":"..."},
 *  "prev":"<64 hex>","seq":8,"sig":"<base64url>","hash":"<64 hex>"}
 * }</pre>
 *
 * A record's {@code hash} is the SHA-256 of the RFC 8785 canonical form of the record without its
 * {@code hash} member; a checkpoint's {@code sig} is Ed25519 over the canonical {@code checkpoint}
 * object. Lines are written as that canonical form with {@code hash} appended; readers must not
 * depend on member order.
 */
public final class RecordCodec {

  private static final Set<String> EVENT_FIELDS = Set.of("seq", "event", "prev", "hash");
  private static final Set<String> CHECKPOINT_FIELDS =
      Set.of("seq", "checkpoint", "sig", "prev", "hash");
  private static final Set<String> STATEMENT_FIELDS =
      Set.of("head", "headSeq", "events", "time", "keyId");
  private static final byte[] EVENT_OPEN = "{\"event\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PREV_OPEN = ",\"prev\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEQ_OPEN = "\",\"seq\":".getBytes(StandardCharsets.US_ASCII);

  /**
   * One encoded record.
   *
   * @param line the UTF-8 line to append, ending in {@code '\n'}
   * @param hash the record's hash, the {@code prev} of the next record
   */
  public record Encoded(byte[] line, String hash) {}

  private RecordCodec() {}

  /** The canonical form of {@code event}'s JSON ({@link AuditEventJson}). */
  public static byte[] canonicalEvent(AuditEvent event) {
    try {
      return Jcs.canonicalize(Json.mapper().readTree(AuditEventJson.toJsonLine(event)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Encodes an event record; {@code canonicalEvent} comes from {@link #canonicalEvent}, so the
   * costly part can run outside the writer's lock.
   */
  public static Encoded eventRecord(long seq, byte[] canonicalEvent, String prev) {
    // Members in canonical order (event < prev < seq), so these bytes are the record's JCS form.
    ByteArrayOutputStream out = new ByteArrayOutputStream(canonicalEvent.length + 200);
    out.writeBytes(EVENT_OPEN);
    out.writeBytes(canonicalEvent);
    out.writeBytes(PREV_OPEN);
    out.writeBytes(prev.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(SEQ_OPEN);
    out.writeBytes(Long.toString(seq).getBytes(StandardCharsets.US_ASCII));
    out.write('}');
    return withHash(out.toByteArray());
  }

  /** The canonical bytes a checkpoint's signature covers. */
  public static byte[] canonicalCheckpoint(Checkpoint checkpoint) {
    return Jcs.canonicalize(checkpointNode(checkpoint));
  }

  /** Encodes a checkpoint record carrying {@code sig} over {@link #canonicalCheckpoint}. */
  public static Encoded checkpointRecord(long seq, Checkpoint checkpoint, String sig, String prev) {
    ObjectNode record = Json.mapper().createObjectNode();
    record.put("seq", seq);
    record.set("checkpoint", checkpointNode(checkpoint));
    record.put("sig", sig);
    record.put("prev", prev);
    return withHash(Jcs.canonicalize(record));
  }

  private static ObjectNode checkpointNode(Checkpoint checkpoint) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("head", checkpoint.head());
    node.put("headSeq", checkpoint.headSeq());
    node.put("events", checkpoint.events());
    node.put("time", checkpoint.time().toString());
    node.put("keyId", checkpoint.keyId());
    return node;
  }

  private static Encoded withHash(byte[] canonical) {
    String hash = Hashes.sha256Hex(canonical);
    ByteArrayOutputStream line = new ByteArrayOutputStream(canonical.length + 80);
    line.write(canonical, 0, canonical.length - 1);
    line.writeBytes((",\"hash\":\"" + hash + "\"}\n").getBytes(StandardCharsets.US_ASCII));
    return new Encoded(line.toByteArray(), hash);
  }

  /**
   * Parses one line (without its line end) strictly. The claimed hash is not checked here; compare
   * {@link ChainRecord#hash()} with {@link ChainRecord#computedHash()}.
   *
   * @throws IllegalArgumentException saying what is wrong, if the line is not a well-formed record
   */
  public static ChainRecord parse(String line) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("a record must be a JSON object");
    }
    ObjectNode record = (ObjectNode) root;
    boolean checkpoint = record.has("checkpoint");
    checkFields(record, checkpoint ? CHECKPOINT_FIELDS : EVENT_FIELDS, "record");
    long seq = integer(record, "seq");
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be at least 1");
    }
    String prev = hash(record, "prev");
    String hash = hash(record, "hash");
    record.remove("hash");
    String computed;
    try {
      computed = Hashes.sha256Hex(Jcs.canonicalize(record));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("no canonical form: " + e.getMessage());
    }
    if (!checkpoint) {
      JsonNode event = required(record, "event");
      if (!event.isObject()) {
        throw new IllegalArgumentException("event must be an object");
      }
      AuditEvent parsed;
      try {
        parsed = AuditEventJson.parse(event.toString());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid event: " + e.getMessage());
      }
      return new ChainRecord(seq, prev, hash, computed, parsed, null, null, null);
    }
    JsonNode statement = record.get("checkpoint");
    if (!statement.isObject()) {
      throw new IllegalArgumentException("checkpoint must be an object");
    }
    checkFields(statement, STATEMENT_FIELDS, "checkpoint");
    Checkpoint parsed;
    try {
      parsed =
          new Checkpoint(
              text(statement, "head"),
              integer(statement, "headSeq"),
              integer(statement, "events"),
              Instant.parse(text(statement, "time")),
              text(statement, "keyId"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("checkpoint time is not an ISO-8601 instant");
    }
    String sig = text(record, "sig");
    return new ChainRecord(
        seq, prev, hash, computed, null, parsed, sig, Jcs.canonicalize(statement));
  }

  private static void checkFields(JsonNode node, Set<String> allowed, String what) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException("unknown " + what + " field '" + name + "'");
      }
    }
    for (String name : allowed) {
      if (!node.has(name)) {
        throw new IllegalArgumentException("missing " + what + " field '" + name + "'");
      }
    }
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return value;
  }

  private static long integer(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new IllegalArgumentException("field '" + field + "' must be an integer");
    }
    return value.longValue();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (!value.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' must be a string");
    }
    return value.textValue();
  }

  private static String hash(JsonNode node, String field) {
    String value = text(node, field);
    if (!Hashes.isHash(value)) {
      throw new IllegalArgumentException("field '" + field + "' must be 64 lower-case hex digits");
    }
    return value;
  }
}
