package io.bulwark.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Binds the schema-valid {@code gateway} section to {@link GatewayConfig}. */
final class GatewayBinder {
  private GatewayBinder() {}

  static GatewayConfig bind(JsonNode gateway) {
    GatewayConfig.Timeouts dt = GatewayConfig.Timeouts.defaults();
    GatewayConfig.Limits dl = GatewayConfig.Limits.defaults();
    JsonNode t = gateway.path("timeouts");
    JsonNode l = gateway.path("limits");
    return new GatewayConfig(
        gateway.has("listeners")
            ? list(gateway.get("listeners"), GatewayBinder::listener)
            : List.of(GatewayConfig.DEFAULT_LISTENER),
        list(gateway.path("routes"), GatewayBinder::route),
        list(gateway.path("clusters"), GatewayBinder::cluster),
        list(gateway.path("trustedProxies"), JsonNode::textValue),
        new GatewayConfig.Timeouts(
            millis(t, "connectMs", dt.connect()),
            millis(t, "requestMs", dt.request()),
            millis(t, "idleMs", dt.idle()),
            millis(t, "requestHeadersMs", dt.requestHeaders())),
        new GatewayConfig.Limits(
            l.path("maxRequestLineBytes").asInt(dl.maxRequestLineBytes()),
            l.path("maxHeaderBytes").asInt(dl.maxHeaderBytes()),
            l.path("maxHeaders").asInt(dl.maxHeaders()),
            l.path("maxBodyBytes").asLong(dl.maxBodyBytes())));
  }

  private interface Item<T> {
    T bind(JsonNode node);
  }

  private static <T> List<T> list(JsonNode array, Item<T> item) {
    List<T> out = new ArrayList<>();
    if (array.isArray()) {
      array.forEach(n -> out.add(item.bind(n)));
    }
    return out;
  }

  private static GatewayConfig.Listener listener(JsonNode n) {
    return new GatewayConfig.Listener(
        n.get("name").textValue(),
        n.get("host").textValue(),
        n.get("port").intValue(),
        !n.has("tls") || n.get("tls").booleanValue());
  }

  private static GatewayConfig.Route route(JsonNode n) {
    Map<String, String> headers = new LinkedHashMap<>();
    n.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().textValue()));
    return new GatewayConfig.Route(
        n.get("id").textValue(),
        text(n, "host"),
        n.get("path").textValue(),
        text(n, "match").orElse("prefix"),
        list(n.path("methods"), JsonNode::textValue),
        headers,
        n.get("cluster").textValue(),
        n.has("resource")
            ? Optional.of(
                new GatewayConfig.Resource(
                    n.get("resource").get("kind").textValue(),
                    text(n.get("resource"), "idParam"),
                    text(n.get("resource"), "action")))
            : Optional.empty());
  }

  private static GatewayConfig.Cluster cluster(JsonNode n) {
    return new GatewayConfig.Cluster(
        n.get("name").textValue(),
        list(n.path("endpoints"), JsonNode::textValue),
        text(n, "balancing").orElse(GatewayConfig.Cluster.DEFAULT_BALANCING),
        n.path("maxConnectionsPerEndpoint").asInt(GatewayConfig.Cluster.DEFAULT_MAX_CONNECTIONS),
        n.has("tls") ? Optional.of(upstreamTls(n.get("tls"))) : Optional.empty(),
        n.has("healthCheck") ? Optional.of(healthCheck(n.get("healthCheck"))) : Optional.empty());
  }

  private static GatewayConfig.HealthCheck healthCheck(JsonNode n) {
    int threshold = GatewayConfig.HealthCheck.DEFAULT_THRESHOLD;
    return new GatewayConfig.HealthCheck(
        n.get("path").textValue(),
        Duration.ofMillis(
            n.path("intervalMs").asLong(GatewayConfig.HealthCheck.DEFAULT_INTERVAL_MS)),
        Duration.ofMillis(n.path("timeoutMs").asLong(GatewayConfig.HealthCheck.DEFAULT_TIMEOUT_MS)),
        n.path("unhealthyThreshold").asInt(threshold),
        n.path("healthyThreshold").asInt(threshold));
  }

  private static GatewayConfig.UpstreamTls upstreamTls(JsonNode n) {
    return new GatewayConfig.UpstreamTls(
        path(n.get("caFile").textValue()),
        text(n, "certFile").map(GatewayBinder::path),
        text(n, "keyFile").map(GatewayBinder::path),
        text(n, "serverName"));
  }

  private static Duration millis(JsonNode section, String key, Duration fallback) {
    JsonNode v = section.path(key);
    return v.isNumber() ? Duration.ofMillis(v.longValue()) : fallback;
  }

  private static Optional<String> text(JsonNode n, String key) {
    JsonNode v = n.path(key);
    return v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
  }

  private static Path path(String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new ConfigValueException("gateway.clusters.tls", "is not a valid file path");
    }
  }
}
