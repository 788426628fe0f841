package io.bulwark.identity.revocation;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.bulwark.core.json.Json;
import io.bulwark.identity.store.RevocationEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wire form of a revocation event, shared by the {@code GET /revocations} feed and the Redis
 * channel: {@code {"cursor","kind","value","issuedBefore","expiresAt"}}, times in RFC 3339 UTC with
 * milliseconds, the cursor the sequence number zero-padded to 20 digits (so cursors sort as
 * strings).
 */
public final class RevocationEventJson {
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private RevocationEventJson() {}

  /** The opaque cursor of sequence number {@code seq}. */
  public static String cursor(long seq) {
    return String.format("%020d", seq);
  }

  /** The event as an ordered map, ready for a JSON writer. */
  public static Map<String, String> toMap(RevocationEvent event) {
    Map<String, String> json = new LinkedHashMap<>();
    json.put("cursor", cursor(event.seq()));
    json.put("kind", event.kind().wireName());
    json.put("value", event.value());
    json.put("issuedBefore", format(event.issuedBefore()));
    json.put("expiresAt", format(event.expiresAt()));
    return json;
  }

  /** The event as one JSON object. */
  public static String toJson(RevocationEvent event) {
    try {
      return Json.mapper().writeValueAsString(toMap(event));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("revocation event not serializable", e);
    }
  }

  private static String format(Instant instant) {
    return RFC3339.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }
}
