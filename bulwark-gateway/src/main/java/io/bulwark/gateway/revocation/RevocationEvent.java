package io.bulwark.gateway.revocation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * One revocation from the identity server: reject every token whose claim named by {@link #kind}
 * equals {@link #value} and whose {@code iat} is at or before {@link #issuedBefore}; the entry may
 * be forgotten after {@link #expiresAt} (every token it could match has expired by then).
 *
 * <p>Wire form (feed and Redis channel {@code bulwark:revocations}): {@code
 * {"cursor":"...","kind":"jti|sid|sub","value":"...","issuedBefore":"<RFC 3339>","expiresAt":"<RFC
 * 3339>"}}.
 *
 * @param cursor the feed position of this event, or null when it did not come from the feed
 */
public record RevocationEvent(
    String cursor, Kind kind, String value, Instant issuedBefore, Instant expiresAt) {

  /** Longest {@link #value} accepted. */
  public static final int MAX_VALUE_LENGTH = 1024;

  /** The claim an event matches on. */
  public enum Kind {
    /** {@code jti}: one token (or a refresh-token family's access tokens sharing it). */
    JTI("jti"),
    /** {@code sid}: every token of one session. */
    SID("sid"),
    /** {@code sub}: every token of one subject (user or client). */
    SUB("sub");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    /** The wire name, which is also the claim name. */
    public String wire() {
      return wire;
    }

    static Kind fromWire(String value) {
      for (Kind kind : values()) {
        if (kind.wire.equals(value)) {
          return kind;
        }
      }
      return null;
    }
  }

  public RevocationEvent {
    Objects.requireNonNull(kind, "kind");
    if (value == null || value.isEmpty() || value.length() > MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException("value must be 1-" + MAX_VALUE_LENGTH + " characters");
    }
    Objects.requireNonNull(issuedBefore, "issuedBefore");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /**
   * Reads an event from its JSON form.
   *
   * @return the event, or null when its {@code kind} is one this version does not know (skip it)
   * @throws IllegalArgumentException when a field is missing or malformed
   */
  public static RevocationEvent fromJson(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("revocation event must be a JSON object");
    }
    String kindText = text(node, "kind", true);
    Kind kind = Kind.fromWire(kindText.toLowerCase(Locale.ROOT));
    if (kind == null) {
      return null;
    }
    return new RevocationEvent(
        text(node, "cursor", false),
        kind,
        text(node, "value", true),
        instant(text(node, "issuedBefore", true)),
        instant(text(node, "expiresAt", true)));
  }

  private static String text(JsonNode node, String field, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new IllegalArgumentException("revocation event lacks " + field);
      }
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException("revocation event field " + field + " must be a string");
    }
    return value.asText();
  }

  private static Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("revocation event time is not RFC 3339");
    }
  }
}
