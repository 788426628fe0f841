package io.bulwark.gateway.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.core.log.Secret;
import io.bulwark.gateway.ratelimit.RedisConnector;
import io.bulwark.testkit.FreePorts;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.embedded.RedisServer;

/** Runs its own embedded Redis, so it can stop and restart it mid-test. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisRevocationSubscriberTest {
  private final int port = FreePorts.next();
  private final String uri = "redis://127.0.0.1:" + port;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final RevocationList list = new RevocationList(1000, Clock.systemUTC());
  private final Instant now = Instant.now();
  private RedisServer redis;
  private RedisConnector connector;
  private RedisRevocationSubscriber subscriber;

  @BeforeEach
  void startRedis() throws IOException {
    redis =
        RedisServer.newRedisServer()
            .bind("127.0.0.1")
            .port(port)
            .setting("save \"\"")
            .setting("appendonly no")
            .build();
    redis.start();
    connector = RedisConnector.create(uri, Duration.ofMillis(500));
  }

  @AfterEach
  void stopAll() throws IOException {
    if (subscriber != null) {
      subscriber.close();
    }
    connector.close();
    scheduler.shutdownNow();
    redis.stop();
  }

  private static String event(String kind, String value, Instant issuedBefore) {
    return "{\"cursor\":\"1\",\"kind\":\""
        + kind
        + "\",\"value\":\""
        + value
        + "\",\"issuedBefore\":\""
        + issuedBefore
        + "\",\"expiresAt\":\""
        + issuedBefore.plus(Duration.ofMinutes(10))
        + "\"}";
  }

  private static void publish(String uri, String message) {
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> conn = client.connect()) {
      conn.sync().publish(RedisRevocationSubscriber.CHANNEL, message);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void aPublishedRevocationTakesEffectWithinOneSecond() {
    var subscribed = new java.util.concurrent.atomic.AtomicInteger();
    subscriber =
        new RedisRevocationSubscriber(connector, list, subscribed::incrementAndGet, scheduler);
    subscriber.start();
    assertThat(Await.within(Duration.ofSeconds(10), () -> subscribed.get() == 1)).isTrue();

    publish(uri, event("sid", "session-9", now));

    assertThat(
            Await.within(Duration.ofSeconds(1), () -> list.isRevoked(null, "session-9", null, now)))
        .isTrue();
  }

  @Test
  void ignoresMalformedMessages() {
    subscriber = new RedisRevocationSubscriber(connector, list, () -> {}, scheduler);

    assertThat(subscriber.onMessage("{not json")).isFalse();
    assertThat(subscriber.onMessage("{\"kind\":\"jti\"}")).isFalse();
    assertThat(subscriber.onMessage("x".repeat(10_000))).isFalse();
    assertThat(list.size()).isZero();
  }

  @Test
  void resubscribesAfterRedisRestartsAndCatchesUpFromTheFeed() throws IOException {
    try (FeedServer feed = new FeedServer()) {
      var settings =
          RevocationFeedSettings.of(
              URI.create(feed.issuer()), FeedServer.CLIENT_ID, Secret.of(FeedServer.CLIENT_SECRET));
      // Not started: only the subscriber's catch-up makes it poll.
      RevocationFeedPoller poller =
          new RevocationFeedPoller(settings, list, HttpClient.newHttpClient(), scheduler);
      subscriber = new RedisRevocationSubscriber(connector, list, poller::pollNow, scheduler);
      subscriber.start();
      assertThat(Await.within(Duration.ofSeconds(10), () -> feed.requests() >= 1)).isTrue();

      redis.stop();
      feed.add("sub", "mallory", now, now.plus(Duration.ofMinutes(10)));
      int before = feed.requests();
      redis.start();

      assertThat(Await.within(Duration.ofSeconds(15), () -> feed.requests() > before)).isTrue();
      assertThat(
              Await.within(Duration.ofSeconds(5), () -> list.isRevoked(null, null, "mallory", now)))
          .isTrue();
      publish(uri, event("jti", "after-restart", now));
      assertThat(
              Await.within(
                  Duration.ofSeconds(1), () -> list.isRevoked("after-restart", null, null, now)))
          .isTrue();
      poller.close();
    }
  }

  @Test
  void keepsTryingWhenRedisIsDownAtStart() throws IOException {
    redis.stop();
    var subscribed = new java.util.concurrent.atomic.AtomicInteger();
    subscriber =
        new RedisRevocationSubscriber(connector, list, subscribed::incrementAndGet, scheduler);
    subscriber.start();
    redis.start();

    assertThat(Await.within(Duration.ofSeconds(15), () -> subscribed.get() >= 1)).isTrue();
    publish(uri, event("jti", "late", now));
    assertThat(Await.within(Duration.ofSeconds(1), () -> list.isRevoked("late", null, null, now)))
        .isTrue();
  }
}
