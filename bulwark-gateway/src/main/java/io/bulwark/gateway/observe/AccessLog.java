package io.bulwark.gateway.observe;

import com.fasterxml.jackson.core.JsonGenerator;
import io.bulwark.core.json.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one JSON line per request to the {@code bulwark.access} logger at INFO. Query strings and
 * headers are never logged, since they may carry credentials. Thread-safe.
 */
public final class AccessLog {
  /** Logger name; route it to its own appender to keep access lines apart. */
  public static final String LOGGER = "bulwark.access";

  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  /** Logs {@code r} if the logger is enabled. */
  public void record(ExchangeRecord r) {
    if (!log.isInfoEnabled()) {
      return;
    }
    log.info(toJson(r));
  }

  /** The JSON line for {@code r}. */
  public static String toJson(ExchangeRecord r) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("traceId", r.traceId());
      json.writeStringField("listener", r.listener());
      json.writeStringField("client", r.sourceIp());
      json.writeStringField("method", r.method());
      json.writeStringField("path", r.path());
      if (r.host() != null) {
        json.writeStringField("host", r.host());
      }
      if (r.routeId() != null) {
        json.writeStringField("route", r.routeId());
      }
      json.writeNumberField("status", r.status());
      json.writeNumberField("durationMs", r.durationNanos() / 1_000_000.0);
      if (r.upstream() != null) {
        json.writeStringField("upstream", r.upstream());
        json.writeNumberField("upstreamMs", r.upstreamNanos() / 1_000_000.0);
      }
      json.writeNumberField("bytesIn", r.bytesIn());
      json.writeNumberField("bytesOut", r.bytesOut());
      if (r.principal() != null) {
        json.writeStringField("principal", r.principal());
      }
      if (r.denial() != null) {
        json.writeStringField("denial", r.denial());
        json.writeStringField("denialPhase", r.denialPhase());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }
}
