package io.bulwark.gateway.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.core.json.Json;
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
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("traceId", r.traceId());
    node.put("listener", r.listener());
    node.put("client", r.sourceIp());
    node.put("method", r.method());
    node.put("path", r.path());
    if (r.host() != null) {
      node.put("host", r.host());
    }
    if (r.routeId() != null) {
      node.put("route", r.routeId());
    }
    node.put("status", r.status());
    node.put("durationMs", r.durationNanos() / 1_000_000.0);
    if (r.upstream() != null) {
      node.put("upstream", r.upstream());
      node.put("upstreamMs", r.upstreamNanos() / 1_000_000.0);
    }
    node.put("bytesIn", r.bytesIn());
    node.put("bytesOut", r.bytesOut());
    if (r.principal() != null) {
      node.put("principal", r.principal());
    }
    if (r.denial() != null) {
      node.put("denial", r.denial());
      node.put("denialPhase", r.denialPhase());
    }
    try {
      return Json.mapper().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
