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
            l.path("maxBodyBytes").asLong(dl.maxBodyBytes())),
        auth(gateway.path("auth")),
        revocation(gateway.path("revocation")),
        redis(gateway.path("redis")));
  }

  private static GatewayConfig.Auth auth(JsonNode n) {
    GatewayConfig.Auth d = GatewayConfig.Auth.defaults();
    JsonNode mtls = n.path("mtls");
    return new GatewayConfig.Auth(
        text(n, "realm").orElse(d.realm()),
        list(n.path("issuers"), GatewayBinder::issuer),
        list(n.path("apiKeys"), GatewayBinder::apiKey),
        text(n, "apiKeyFile").map(v -> path(v, "gateway.auth.apiKeyFile")),
        new GatewayConfig.Mtls(
            list(mtls.path("trustDomains"), JsonNode::textValue),
            text(mtls, "caFile").map(v -> path(v, "gateway.auth.mtls.caFile"))));
  }

  private static GatewayConfig.Issuer issuer(JsonNode n) {
    List<String> algorithms = list(n.path("algorithms"), JsonNode::textValue);
    return new GatewayConfig.Issuer(
        n.get("issuer").textValue(),
        text(n, "jwksUri").map(v -> uri(v, "gateway.auth.issuers.jwksUri")),
        algorithms.isEmpty() ? GatewayConfig.Issuer.DEFAULT_ALGORITHMS : algorithms,
        list(n.path("audiences"), JsonNode::textValue),
        text(n, "requiredType"),
        Duration.ofSeconds(
            n.path("clockSkewSeconds").asInt(GatewayConfig.Issuer.DEFAULT_CLOCK_SKEW_SECONDS)),
        n.path("requireCertificateBinding").asBoolean(false));
  }

  private static GatewayConfig.ApiKey apiKey(JsonNode n) {
    return new GatewayConfig.ApiKey(
        n.get("id").textValue(),
        n.get("sha256").textValue(),
        n.get("owner").textValue(),
        list(n.path("scopes"), JsonNode::textValue),
        text(n, "expiresAt")
            .map(v -> {
              try {
                return java.time.Instant.parse(v);
              } catch (java.time.format.DateTimeParseException e) {
                throw new ConfigValueException(
                    "gateway.auth.apiKeys.expiresAt", "is not an ISO-8601 instant");
              }
            }));
  }

  private static GatewayConfig.Revocation revocation(JsonNode n) {
    return new GatewayConfig.Revocation(
        text(n, "issuer").map(v -> uri(v, "gateway.revocation.issuer")),
        text(n, "clientId"),
        text(n, "clientSecret").map(io.bulwark.core.log.Secret::of));
  }

  private static GatewayConfig.Redis redis(JsonNode n) {
    return new GatewayConfig.Redis(text(n, "url"), text(n, "onFailure").orElse("open"));
  }

  private static java.net.URI uri(String value, String key) {
    try {
      return new java.net.URI(value);
    } catch (java.net.URISyntaxException e) {
      throw new ConfigValueException(key, "is not a valid URL");
    }
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
            : Optional.empty(),
        text(n, "auth").orElse(GatewayConfig.Route.DEFAULT_AUTH),
        n.has("rateLimit") ? Optional.of(rateLimit(n.get("rateLimit"))) : Optional.empty());
  }

  private static GatewayConfig.RateLimit rateLimit(JsonNode n) {
    List<String> keys = list(n.path("keys"), JsonNode::textValue);
    return new GatewayConfig.RateLimit(
        n.get("requests").longValue(),
        Duration.ofMillis(n.get("periodMs").longValue()),
        keys.isEmpty() ? GatewayConfig.RateLimit.DEFAULT_KEYS : keys,
        n.path("shared").asBoolean(false));
  }

  private static GatewayConfig.Cluster cluster(JsonNode n) {
    return new GatewayConfig.Cluster(
        n.get("name").textValue(),
        list(n.path("endpoints"), JsonNode::textValue),
        text(n, "balancing").orElse(GatewayConfig.Cluster.DEFAULT_BALANCING),
        n.path("maxConnectionsPerEndpoint").asInt(GatewayConfig.Cluster.DEFAULT_MAX_CONNECTIONS),
        n.has("tls") ? Optional.of(upstreamTls(n.get("tls"))) : Optional.empty(),
        n.has("healthCheck") ? Optional.of(healthCheck(n.get("healthCheck"))) : Optional.empty(),
        circuitBreaker(n.path("circuitBreaker")),
        retry(n.path("retry")),
        new GatewayConfig.Bulkhead(
            n.path("bulkhead").path("maxConcurrentRequests").isNumber()
                ? Optional.of(n.path("bulkhead").path("maxConcurrentRequests").intValue())
                : Optional.empty()));
  }

  private static GatewayConfig.CircuitBreaker circuitBreaker(JsonNode n) {
    return new GatewayConfig.CircuitBreaker(
        n.path("failureRateThreshold")
            .asInt(GatewayConfig.CircuitBreaker.DEFAULT_FAILURE_RATE_THRESHOLD),
        Duration.ofMillis(
            n.path("slowCallDurationMs")
                .asLong(GatewayConfig.CircuitBreaker.DEFAULT_SLOW_CALL_DURATION_MS)),
        n.path("slowCallRateThreshold")
            .asInt(GatewayConfig.CircuitBreaker.DEFAULT_SLOW_CALL_RATE_THRESHOLD),
        n.path("minimumNumberOfCalls")
            .asInt(GatewayConfig.CircuitBreaker.DEFAULT_MINIMUM_NUMBER_OF_CALLS),
        n.path("slidingWindowSize").asInt(GatewayConfig.CircuitBreaker.DEFAULT_SLIDING_WINDOW_SIZE),
        Duration.ofMillis(
            n.path("waitInOpenStateMs")
                .asLong(GatewayConfig.CircuitBreaker.DEFAULT_WAIT_IN_OPEN_STATE_MS)),
        n.path("permittedCallsInHalfOpenState")
            .asInt(GatewayConfig.CircuitBreaker.DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE));
  }

  private static GatewayConfig.Retry retry(JsonNode n) {
    return new GatewayConfig.Retry(
        n.path("maxAttempts").asInt(GatewayConfig.Retry.DEFAULT_MAX_ATTEMPTS),
        n.path("budgetPercent").asInt(GatewayConfig.Retry.DEFAULT_BUDGET_PERCENT),
        Duration.ofMillis(n.path("backoffMs").asLong(GatewayConfig.Retry.DEFAULT_BACKOFF_MS)));
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
        path(n.get("caFile").textValue(), "gateway.clusters.tls"),
        text(n, "certFile").map(v -> path(v, "gateway.clusters.tls")),
        text(n, "keyFile").map(v -> path(v, "gateway.clusters.tls")),
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

  private static Path path(String value, String key) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new ConfigValueException(key, "is not a valid file path");
    }
  }
}
