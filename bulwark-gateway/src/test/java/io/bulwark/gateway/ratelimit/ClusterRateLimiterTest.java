package io.bulwark.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.gateway.ratelimit.ClusterRateLimitSettings.FailureMode;
import io.bulwark.gateway.ratelimit.RateLimitDecision.Source;
import io.bulwark.testkit.FreePorts;
import io.bulwark.testkit.TestRedis;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.embedded.RedisServer;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterRateLimiterTest {
  private final RateLimitPolicy fivePerHour =
      RateLimitPolicy.perPeriod("shared", 5, Duration.ofHours(1));
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private ClusterRateLimiter limiter(String uri, FailureMode mode) {
    RedisConnector connector = RedisConnector.create(uri, Duration.ofMillis(250));
    toClose.add(connector);
    var limiter =
        new ClusterRateLimiter(
            connector,
            new ClusterRateLimitSettings(
                mode, Duration.ofMillis(250), Duration.ofMillis(200), 1000));
    toClose.add(limiter);
    limiter.start().toCompletableFuture().join();
    return limiter;
  }

  private static RateLimitDecision take(RateLimiter limiter, RateLimitPolicy policy, String key) {
    return limiter
        .tryConsume(policy, key)
        .toCompletableFuture()
        .orTimeout(5, TimeUnit.SECONDS)
        .join();
  }

  private RedisServer ownRedis(int port) throws IOException {
    RedisServer server =
        RedisServer.newRedisServer()
            .bind("127.0.0.1")
            .port(port)
            .setting("save \"\"")
            .setting("appendonly no")
            .build();
    server.start();
    toClose.add(() -> {
      if (server.isActive()) {
        server.stop();
      }
    });
    return server;
  }

  @Test
  void twoGatewaysSharingOneRedisEnforceOneLimit() {
    String uri = TestRedis.get().uri();
    ClusterRateLimiter gatewayA = limiter(uri, FailureMode.OPEN);
    ClusterRateLimiter gatewayB = limiter(uri, FailureMode.OPEN);
    String key = "user=" + UUID.randomUUID();

    int allowed = 0;
    for (int i = 0; i < 10; i++) {
      RateLimitDecision d = take(i % 2 == 0 ? gatewayA : gatewayB, fivePerHour, key);
      assertThat(d.source()).isEqualTo(Source.CLUSTER);
      if (d.allowed()) {
        allowed++;
      }
    }

    assertThat(allowed).isEqualTo(5);
    RateLimitDecision denied = take(gatewayB, fivePerHour, key);
    assertThat(denied.allowed()).isFalse();
    assertThat(denied.deniedStatus()).isEqualTo(429);
    assertThat(denied.remaining()).isZero();
    assertThat(denied.headers()).containsKey("Retry-After");
  }

  @Test
  void failsOpenToLocalBucketsWhenRedisStopsAndSharesAgainWhenItReturns() throws Exception {
    int port = FreePorts.next();
    RedisServer redis = ownRedis(port);
    ClusterRateLimiter limiter = limiter("redis://127.0.0.1:" + port, FailureMode.OPEN);
    RateLimitPolicy threePerHour = RateLimitPolicy.perPeriod("p", 3, Duration.ofHours(1));
    assertThat(take(limiter, threePerHour, "k").source()).isEqualTo(Source.CLUSTER);
    assertThat(take(limiter, threePerHour, "k").source()).isEqualTo(Source.CLUSTER);

    redis.stop();

    List<RateLimitDecision> during = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      during.add(take(limiter, threePerHour, "k"));
    }
    assertThat(during).allMatch(d -> d.source() == Source.LOCAL_FALLBACK);
    assertThat(during)
        .extracting(RateLimitDecision::allowed)
        .containsExactly(true, true, true, false);

    redis.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    RateLimitDecision after = take(limiter, threePerHour, "k2");
    while (after.source() != Source.CLUSTER && System.nanoTime() < deadline) {
      Thread.sleep(50);
      after = take(limiter, threePerHour, "k2");
    }
    assertThat(after.source()).isEqualTo(Source.CLUSTER);
  }

  @Test
  void failsClosedWhenConfigured() throws Exception {
    int port = FreePorts.next();
    RedisServer redis = ownRedis(port);
    ClusterRateLimiter limiter = limiter("redis://127.0.0.1:" + port, FailureMode.CLOSED);
    assertThat(take(limiter, fivePerHour, "k").allowed()).isTrue();

    redis.stop();

    for (int i = 0; i < 3; i++) {
      RateLimitDecision d = take(limiter, fivePerHour, "k");
      assertThat(d.allowed()).isFalse();
      assertThat(d.source()).isEqualTo(Source.UNAVAILABLE);
      assertThat(d.deniedStatus()).isEqualTo(503);
      assertThat(d.headers()).containsOnlyKeys("Retry-After");
    }
  }

  @Test
  void decidesPerFailureModeWhenRedisIsDownFromTheStart() {
    String nobody = "redis://127.0.0.1:" + FreePorts.next();

    assertThat(take(limiter(nobody, FailureMode.OPEN), fivePerHour, "k").source())
        .isEqualTo(Source.LOCAL_FALLBACK);
    assertThat(take(limiter(nobody, FailureMode.CLOSED), fivePerHour, "k").allowed()).isFalse();
  }
}
