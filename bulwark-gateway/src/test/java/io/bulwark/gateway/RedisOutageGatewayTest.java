package io.bulwark.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.bulwark.gateway.auth.IssuerSettings;
import io.bulwark.gateway.auth.JwksServer;
import io.bulwark.gateway.auth.TokenMinter;
import io.bulwark.gateway.config.ClusterConfig;
import io.bulwark.gateway.config.ClusterConfig.EndpointAddress;
import io.bulwark.gateway.config.GatewayConfig;
import io.bulwark.gateway.config.Limits;
import io.bulwark.gateway.config.ListenerConfig;
import io.bulwark.gateway.config.PathMatch;
import io.bulwark.gateway.config.RouteConfig;
import io.bulwark.gateway.config.Timeouts;
import io.bulwark.gateway.ratelimit.ClusterRateLimitSettings.FailureMode;
import io.bulwark.gateway.ratelimit.ClusterRateLimiter;
import io.bulwark.gateway.ratelimit.KeyPart;
import io.bulwark.gateway.security.GatewaySecurity;
import io.bulwark.testkit.TcpSwitch;
import io.bulwark.testkit.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Shared rate limits through real gateways while Redis goes away and comes back. Redis is reached
 * through a {@link TcpSwitch}, so cutting it looks to the gateways like Redis stopping (this also
 * works with an external {@link TestRedis}). Up: two gateways share one limit. Down: fail-open
 * serves from each gateway's own buckets and warns once per gateway, not per request; fail-closed
 * answers 503 problems. Back: the limit is shared again.
 */
@Timeout(90)
class RedisOutageGatewayTest {
  private static final int LIMIT = 3;

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final ListAppender<ILoggingEvent> limiterLog = new ListAppender<>();
  private final Logger limiterLogger = (Logger) LoggerFactory.getLogger(ClusterRateLimiter.class);
  private JwksServer issuer;
  private TokenMinter minter;
  private TestBackend backend;
  private TcpSwitch redis;
  private String route;

  @BeforeEach
  void start() throws Exception {
    issuer = JwksServer.oidc();
    minter = new TokenMinter(issuer.issuer(), TokenMinter.newKey("k1"));
    issuer.publish(minter.key());
    backend = TestBackend.start("bakery");
    TestRedis real = TestRedis.get();
    redis = new TcpSwitch(real.host(), real.port());
    redis.on();
    route = "outage-" + UUID.randomUUID().toString().substring(0, 8);
    limiterLog.start();
    limiterLogger.addAppender(limiterLog);
  }

  @AfterEach
  void stop() throws Exception {
    limiterLogger.detachAppender(limiterLog);
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    redis.close();
    backend.close();
    issuer.close();
    client.close();
  }

  private int startGateway(FailureMode onFailure) throws Exception {
    GatewaySecurity security =
        GatewaySecurity.start(
            new GatewaySecurity.Settings(
                List.of(IssuerSettings.builder(issuer.issuer()).audience("bakery").build()),
                List.of(),
                null,
                null,
                "redis://127.0.0.1:" + redis.port(),
                onFailure,
                "bakery"),
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
            Clock.systemUTC());
    toClose.add(security);
    GatewayConfig config =
        new GatewayConfig(
            List.of(ListenerConfig.plain("public", "127.0.0.1", 0)),
            List.of(
                RouteConfig.of(route, PathMatch.prefix("/shared"), "bakery")
                    .withRateLimit(
                        new RouteConfig.RateLimit(
                            LIMIT, Duration.ofHours(1), List.of(KeyPart.USER), true))),
            List.of(ClusterConfig.of("bakery", new EndpointAddress("127.0.0.1", backend.port()))),
            Timeouts.DEFAULTS,
            Limits.DEFAULTS,
            List.of());
    GatewayServer gateway =
        security
            .install(GatewayServer.builder(config).auditLog(new MemoryAuditLog()).workerThreads(1))
            .build();
    toClose.add(gateway);
    gateway.start();
    return gateway.port("public");
  }

  private String tokenFor(String user) {
    return minter.mint(minter.claims(Instant.now()).subject(user).build());
  }

  private HttpResponse<String> call(int port, String token) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/shared"))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Sends {@code n} requests of one fresh user, alternating gateways; counts the 200s. */
  private int allowedAlternating(int n, int... ports) throws Exception {
    String token = tokenFor("user-" + UUID.randomUUID());
    int allowed = 0;
    for (int i = 0; i < n; i++) {
      HttpResponse<String> r = call(ports[i % ports.length], token);
      assertThat(r.statusCode()).isIn(200, 429);
      if (r.statusCode() == 200) {
        allowed++;
      } else {
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
      }
    }
    return allowed;
  }

  private long logged(Level level, String text) {
    return limiterLog.list.stream()
        .filter(e -> e.getLevel() == level && e.getFormattedMessage().contains(text))
        .count();
  }

  /**
   * Waits until each gateway's limiter has connected (it connects in the background at start): a
   * throwaway user's request through it leaves that user's bucket in Redis.
   */
  private void awaitConnected(int... ports) throws Exception {
    try (RedisClient direct = RedisClient.create(TestRedis.get().uri());
        StatefulRedisConnection<String, String> conn = direct.connect()) {
      for (int port : ports) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        boolean shared = false;
        while (!shared && System.nanoTime() < deadline) {
          String user = "ready-" + UUID.randomUUID();
          call(port, tokenFor(user));
          shared = !conn.sync().keys(ClusterRateLimiter.KEY_PREFIX + "*" + user).isEmpty();
          if (!shared) {
            Thread.sleep(50);
          }
        }
        assertThat(shared).as("gateway on port %d reaches Redis", port).isTrue();
      }
    }
    // Count only what the outage logs (a first connection may fail while Redis starts up).
    synchronized (limiterLog) {
      limiterLog.list.clear();
    }
  }

  /** Sends throwaway requests to every gateway until each limiter has reached Redis again. */
  private void awaitRecovered(int expected, int... ports) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (logged(Level.INFO, "Redis answers again") < expected && System.nanoTime() < deadline) {
      for (int port : ports) {
        call(port, tokenFor("probe-" + UUID.randomUUID()));
      }
      Thread.sleep(100);
    }
    assertThat(logged(Level.INFO, "Redis answers again")).isEqualTo(expected);
  }

  @Test
  void failOpenServesFromLocalBucketsWhileRedisIsDownAndSharesTheLimitAgainWhenItIsBack()
      throws Exception {
    int a = startGateway(FailureMode.OPEN);
    int b = startGateway(FailureMode.OPEN);
    awaitConnected(a, b);

    assertThat(allowedAlternating(8, a, b)).as("Redis up: one limit for both").isEqualTo(LIMIT);

    redis.off();
    String token = tokenFor("user-" + UUID.randomUUID());
    List<Integer> onA = new ArrayList<>();
    List<Integer> onB = new ArrayList<>();
    for (int i = 0; i < LIMIT + 1; i++) {
      onA.add(call(a, token).statusCode());
      onB.add(call(b, token).statusCode());
    }
    assertThat(onA).as("Redis down: gateway A alone").containsExactly(200, 200, 200, 429);
    assertThat(onB).as("Redis down: gateway B alone").containsExactly(200, 200, 200, 429);
    // Outlast the limiter's rest period so it asks Redis again and fails again: still no new log.
    Thread.sleep(1200);
    for (int i = 0; i < 20; i++) {
      assertThat(call(i % 2 == 0 ? a : b, token).statusCode()).isEqualTo(429);
    }
    assertThat(allowedAlternating(4, a)).isEqualTo(LIMIT);
    assertThat(logged(Level.WARN, "Redis failed")).as("one warning per gateway").isEqualTo(2);

    redis.on();
    awaitRecovered(2, a, b);

    assertThat(allowedAlternating(8, a, b)).as("Redis back: one limit again").isEqualTo(LIMIT);
    assertThat(logged(Level.WARN, "Redis failed")).isEqualTo(2);
  }

  @Test
  void failClosedAnswers503ProblemsWhileRedisIsDownAndServesAgainWhenItIsBack() throws Exception {
    int port = startGateway(FailureMode.CLOSED);
    awaitConnected(port);
    backend.seen.clear();
    assertThat(call(port, tokenFor("user-" + UUID.randomUUID())).statusCode()).isEqualTo(200);

    redis.off();
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r = call(port, tokenFor("user-" + UUID.randomUUID()));
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      assertThat(r.headers().firstValue("RateLimit")).isEmpty();
    }
    assertThat(backend.seen.poll(100, TimeUnit.MILLISECONDS)).isNotNull();
    assertThat(backend.seen.poll(100, TimeUnit.MILLISECONDS)).as("nothing passed").isNull();
    assertThat(logged(Level.WARN, "Redis failed")).isEqualTo(1);

    redis.on();
    awaitRecovered(1, port);

    assertThat(allowedAlternating(LIMIT + 2, port)).isEqualTo(LIMIT);
  }
}
