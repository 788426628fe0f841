package io.bulwark.gateway.observe;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.util.concurrent.FastThreadLocal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one JSON line per request to the {@code bulwark.access} logger at INFO. Query strings and
 * headers are never logged, since they may carry credentials. The line is built in one {@link
 * StringBuilder}, strings escaped by Jackson's encoder, so it reads exactly as a Jackson generator
 * would write it without the generator's per-request setup; each thread reuses its builder.
 * Thread-safe.
 */
public final class AccessLog {
  /** Logger name; route it to its own appender to keep access lines apart. */
  public static final String LOGGER = "bulwark.access";

  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  private static final JsonStringEncoder ESCAPER = JsonStringEncoder.getInstance();

  /** A builder kept past this size (a line with a very long path) is dropped after use. */
  private static final int KEPT_CAPACITY = 4096;

  private static final FastThreadLocal<StringBuilder> BUILDER =
      new FastThreadLocal<>() {
        @Override
        protected StringBuilder initialValue() {
          return new StringBuilder(512);
        }
      };

  /** Logs {@code r} if the logger is enabled. */
  public void record(ExchangeRecord r) {
    if (!log.isInfoEnabled()) {
      return;
    }
    log.info(toJson(r));
  }

  /** The JSON line for {@code r}. */
  public static String toJson(ExchangeRecord r) {
    StringBuilder json = BUILDER.get();
    json.setLength(0);
    try {
      return appendJson(json, r);
    } finally {
      if (json.capacity() > KEPT_CAPACITY) {
        BUILDER.remove();
      }
    }
  }

  private static String appendJson(StringBuilder json, ExchangeRecord r) {
    json.append('{');
    string(json, "traceId", r.traceId());
    string(json, "listener", r.listener());
    string(json, "client", r.sourceIp());
    string(json, "method", r.method());
    string(json, "path", r.path());
    if (r.host() != null) {
      string(json, "host", r.host());
    }
    if (r.routeId() != null) {
      string(json, "route", r.routeId());
    }
    name(json, "status").append(r.status());
    name(json, "durationMs").append(r.durationNanos() / 1_000_000.0);
    if (r.upstream() != null) {
      string(json, "upstream", r.upstream());
      name(json, "upstreamMs").append(r.upstreamNanos() / 1_000_000.0);
    }
    name(json, "bytesIn").append(r.bytesIn());
    name(json, "bytesOut").append(r.bytesOut());
    if (r.principal() != null) {
      string(json, "principal", r.principal());
    }
    if (r.denial() != null) {
      string(json, "denial", r.denial());
      string(json, "denialPhase", r.denialPhase());
    }
    return json.append('}').toString();
  }

  private static StringBuilder name(StringBuilder json, String name) {
    if (json.length() > 1) {
      json.append(',');
    }
    return json.append('"').append(name).append("\":");
  }

  private static void string(StringBuilder json, String name, String value) {
    name(json, name);
    if (value == null) {
      json.append("null");
      return;
    }
    json.append('"');
    if (needsEscaping(value)) {
      ESCAPER.quoteAsString(value, json);
    } else {
      json.append(value);
    }
    json.append('"');
  }

  /** Whether JSON needs any character of {@code value} escaped (the usual answer is no). */
  private static boolean needsEscaping(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        return true;
      }
    }
    return false;
  }
}
