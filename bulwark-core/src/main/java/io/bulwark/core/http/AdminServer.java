package io.bulwark.core.http;

import io.bulwark.core.telemetry.Telemetry;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The admin endpoint of a process: {@code GET /health/live}, {@code GET /health/ready} (UP only
 * when every registered {@link HealthCheck} is up, else 503) and {@code GET /metrics} (Prometheus
 * text format with JVM metrics and every server's {@code http_server_requests}). Plain HTTP, meant
 * for loopback or a private network.
 */
public final class AdminServer implements AutoCloseable {
  /** Content type of the Prometheus text exposition format. */
  public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** Longest wait for all health checks of one readiness request. */
  public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);

  private final Telemetry telemetry;
  private final Map<String, HealthCheck> checks = new ConcurrentHashMap<>();
  private final HttpServer server;

  private AdminServer(String host, int port, Telemetry telemetry) {
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    this.server =
        HttpServer.builder("admin", telemetry).bind(host, port).routes(this::routes).build();
  }

  /** An admin server on {@code host:port} (port 0 = a free port), not yet started. */
  public static AdminServer create(String host, int port, Telemetry telemetry) {
    return new AdminServer(host, port, telemetry);
  }

  /** An admin server on {@code 127.0.0.1:port}, not yet started. */
  public static AdminServer create(int port, Telemetry telemetry) {
    return create("127.0.0.1", port, telemetry);
  }

  /** Registers (or replaces) the readiness check called {@code name}. */
  public AdminServer addHealthCheck(String name, HealthCheck check) {
    checks.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(check, "check"));
    return this;
  }

  /** Removes the readiness check called {@code name}, if any. */
  public AdminServer removeHealthCheck(String name) {
    checks.remove(name);
    return this;
  }

  /** Binds and starts; throws {@link PortInUseException} if the port is taken. */
  public AdminServer start() {
    server.start();
    return this;
  }

  public int port() {
    return server.port();
  }

  public URI baseUri() {
    return server.baseUri();
  }

  @Override
  public void close() {
    server.close();
  }

  private void routes(RoutesConfig routes) {
    routes.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
    routes.get("/health/ready", this::ready);
    routes.get(
        "/metrics", ctx -> ctx.contentType(PROMETHEUS_CONTENT_TYPE).result(telemetry.scrape()));
  }

  private void ready(Context ctx) {
    Map<String, HealthCheck.Result> results = runChecks();
    boolean up = results.values().stream().allMatch(HealthCheck.Result::isUp);
    Map<String, Object> details = new LinkedHashMap<>();
    results.forEach((name, result) -> {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("status", result.status().name());
      if (result.detail() != null) {
        entry.put("detail", result.detail());
      }
      details.put(name, entry);
    });
    ctx.status(up ? 200 : 503).json(Map.of("status", up ? "UP" : "DOWN", "checks", details));
  }

  private Map<String, HealthCheck.Result> runChecks() {
    Map<String, Future<HealthCheck.Result>> pending = new LinkedHashMap<>();
    Map<String, HealthCheck.Result> results = new java.util.TreeMap<>();
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    try {
      checks.forEach((name, check) -> pending.put(name, executor.submit(check::check)));
      long deadline = System.nanoTime() + CHECK_TIMEOUT.toNanos();
      pending.forEach((name, future) -> results.put(name, await(future, deadline)));
    } finally {
      executor.shutdownNow();
    }
    return results;
  }

  private static HealthCheck.Result await(Future<HealthCheck.Result> future, long deadline) {
    try {
      HealthCheck.Result result =
          future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return result == null ? HealthCheck.Result.down("check returned no result") : result;
    } catch (TimeoutException e) {
      future.cancel(true);
      return HealthCheck.Result.down("check timed out");
    } catch (ExecutionException e) {
      return HealthCheck.Result.down("check failed: " + e.getCause().getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HealthCheck.Result.down("check interrupted");
    }
  }
}
