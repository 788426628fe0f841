package io.bulwark.core.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code http.server.requests} timers of one server, looked up once per method, route template
 * and status instead of built and registered per request. The method tag is one of the standard
 * methods or {@code OTHER}, so a client sending made-up methods cannot grow the metrics without
 * bound; the cache is bounded too (past {@link #MAX_CACHED} timers they are looked up in the
 * registry each time).
 */
final class RequestTimers {
  static final int MAX_CACHED = 2_000;

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

  private record Key(String method, String route, int status) {}

  private final String serverName;
  private final MeterRegistry registry;
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

  RequestTimers(String serverName, MeterRegistry registry) {
    this.serverName = serverName;
    this.registry = registry;
  }

  /** The timer for a request with this method, route template and status. */
  Timer timer(String method, String route, int status) {
    Key key = new Key(tagged(method), route, status);
    Timer timer = timers.get(key);
    if (timer != null) {
      return timer;
    }
    timer = register(key);
    if (timers.size() < MAX_CACHED) {
      timers.putIfAbsent(key, timer);
    }
    return timer;
  }

  static String tagged(String method) {
    if (method == null) {
      return "OTHER";
    }
    if (METHODS.contains(method)) {
      return method;
    }
    String upper = method.toUpperCase(Locale.ROOT);
    return METHODS.contains(upper) ? upper : "OTHER";
  }

  int cached() {
    return timers.size();
  }

  private Timer register(Key key) {
    return Timer.builder("http.server.requests")
        .description("HTTP requests handled, by server, method, route template and status")
        .tag("server", serverName)
        .tag("method", key.method())
        .tag("route", key.route())
        .tag("status", Integer.toString(key.status()))
        .tag("outcome", Outcome.forStatus(key.status()).name())
        .register(registry);
  }
}
