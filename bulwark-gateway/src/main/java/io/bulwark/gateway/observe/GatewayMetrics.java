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
  private final java.util.concurrent.ConcurrentMap<CounterKey, Counter> counters =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.ConcurrentMap<TimerKey, Timer> timers =
      new java.util.concurrent.ConcurrentHashMap<>();

  private record CounterKey(String route, String method, int status, boolean denied) {}

  private record TimerKey(String route, String cluster) {}

  /** Registers meters in {@code registry} as requests come. */
  public GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counts a finished request and times its upstream part. */
  public void record(ExchangeRecord r, String cluster) {
    String route = r.routeId() == null ? "none" : r.routeId();
    counters
        .computeIfAbsent(
            new CounterKey(route, boundedMethod(r.method()), r.status(), r.denialPhase() != null),
            k ->
                Counter.builder("bulwark.gateway.requests")
                    .description("Requests answered by the gateway")
                    .tag("route", k.route())
                    .tag("method", k.method())
                    .tag("status", Integer.toString(k.status()))
                    .tag("decision", k.denied() ? "deny" : "allow")
                    .register(registry))
        .increment();
    if (r.upstreamNanos() >= 0 && cluster != null) {
      timers
          .computeIfAbsent(
              new TimerKey(route, cluster),
              k ->
                  Timer.builder("bulwark.gateway.upstream.latency")
                      .description(
                          "Time from forwarding a request to the upstream's response headers")
                      .tag("route", k.route())
                      .tag("cluster", k.cluster())
                      .publishPercentileHistogram()
                      .minimumExpectedValue(Duration.ofMillis(1))
                      .maximumExpectedValue(Duration.ofSeconds(60))
                      .register(registry))
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
