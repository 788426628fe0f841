package io.bulwark.gateway.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's meters: {@code bulwark.gateway.requests} (counter by route, method, status and
 * decision) and {@code bulwark.gateway.upstream.latency} (timer with a histogram, by route and
 * cluster). In Prometheus these are {@code bulwark_gateway_requests_total} and {@code
 * bulwark_gateway_upstream_latency_seconds_bucket}. Routes are bounded by configuration and a
 * request that matched none is tagged {@code none}, so cardinality is bounded. Thread-safe.
 */
public final class GatewayMetrics {
  private final MeterRegistry registry;

  /** Registers meters in {@code registry} as requests come. */
  public GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counts a finished request and times its upstream part. */
  public void record(ExchangeRecord r, String cluster) {
    String route = r.routeId() == null ? "none" : r.routeId();
    Counter.builder("bulwark.gateway.requests")
        .description("Requests answered by the gateway")
        .tag("route", route)
        .tag("method", boundedMethod(r.method()))
        .tag("status", Integer.toString(r.status()))
        .tag("decision", r.denialPhase() == null ? "allow" : "deny")
        .register(registry)
        .increment();
    if (r.upstreamNanos() >= 0 && cluster != null) {
      Timer.builder("bulwark.gateway.upstream.latency")
          .description("Time from forwarding a request to the upstream's response headers")
          .tag("route", route)
          .tag("cluster", cluster)
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1))
          .maximumExpectedValue(Duration.ofSeconds(60))
          .register(registry)
          .record(r.upstreamNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private static String boundedMethod(String method) {
    return switch (method) {
      case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" -> method;
      default -> "OTHER";
    };
  }
}
