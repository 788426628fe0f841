package io.bulwark.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.testkit.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocations reach the gateway of {@code bulwark up} within a second: through the identity
 * server's feed, which the gateway polls as a client of its own, and with {@code gateway.redis.url}
 * at once through Redis, where the identity server publishes every revocation and where a
 * revocation published by another process reaches the gateway too.
 */
class GatewayRevocationIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHANNEL = "bulwark:revocations";
  private static final Duration WITHIN = Duration.ofSeconds(1);

  @TempDir Path work;

  private final UpPorts ports = UpPorts.free();

  @Test
  void withRedisTheIdentityPublishesRevocationsAndTheGatewayAppliesOnesFromAnyPublisher()
      throws Exception {
    TestRedis redis = TestRedis.get();
    Files.writeString(
        work.resolve("bulwark.yaml"), "gateway:\n  redis:\n    url: " + redis.uri() + "\n");
    RedisClient client = RedisClient.create(redis.uri());
    try (StatefulRedisPubSubConnection<String, String> subscription = client.connectPubSub();
        StatefulRedisConnection<String, String> publisher = client.connect();
        BulwarkUp up = BulwarkUp.launch(work, ports)) {
      BlockingQueue<String> published = new LinkedBlockingQueue<>();
      subscription.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
              published.add(message);
            }
          });
      subscription.sync().subscribe(CHANNEL);
      up.awaitReady();
      Platform platform = platform(up);

      // Revoked at the identity server: published on Redis, refused by the gateway within 1 s.
      String alice = token("alice");
      assertThat(platform.gatewayStatus(alice)).isEqualTo(200);
      platform.revoke(alice);
      assertThat(platform.refusedWithin(alice, WITHIN)).as("refused within 1 s").isTrue();
      String aliceJti = Jwts.claims(alice).path("jti").asText();
      String message = published.poll(5, TimeUnit.SECONDS);
      assertThat(message).as("the identity server published the revocation").isNotNull();
      assertThat(JSON.readTree(message).path("kind").asText()).isEqualTo("jti");
      assertThat(JSON.readTree(message).path("value").asText()).isEqualTo(aliceJti);

      // Revoked by another process (another identity node, say) on Redis only: the identity
      // server's feed never hears of it, so only the Redis subscription can bring it.
      String bob = token("bob");
      assertThat(platform.gatewayStatus(bob)).isEqualTo(200);
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      publisher
          .sync()
          .publish(
              CHANNEL,
              JSON.writeValueAsString(
                  Map.of(
                      "kind", "jti",
                      "value", Jwts.claims(bob).path("jti").asText(),
                      "issuedBefore", now.toString(),
                      "expiresAt", now.plus(Duration.ofMinutes(10)).toString())));
      assertThat(platform.refusedWithin(bob, WITHIN)).as("refused within 1 s").isTrue();
      assertThat(platform.gatewayStatus(token("carol"))).isEqualTo(200);
      assertThat(up.stderr()).doesNotContain(redis.uri());
    } finally {
      client.shutdown();
    }
  }

  @Test
  void withoutRedisTheGatewayLearnsRevocationsFromTheIdentityFeed() throws Exception {
    try (BulwarkUp up = BulwarkUp.start(work, ports)) {
      Platform platform = platform(up);

      String alice = token("alice");
      assertThat(platform.gatewayStatus(alice)).isEqualTo(200);
      platform.revoke(alice);

      assertThat(platform.refusedWithin(alice, WITHIN)).as("refused within 1 s").isTrue();
      assertThat(platform.gatewayStatus(token("bob"))).isEqualTo(200);
    }
  }

  private static Platform platform(BulwarkUp up) throws Exception {
    JsonNode endpoints = up.endpoints();
    return new Platform(
        up.https(),
        URI.create(endpoints.path("gateway").asText()),
        URI.create(endpoints.path("identity").asText()));
  }

  private String token(String user) throws Exception {
    return BulwarkProcess.run(
        work, "token", "--user", user, "--audience", "catalog", "--data-dir", "state");
  }

  private record Platform(Https https, URI gateway, URI identity) {
    int gatewayStatus(String token) throws Exception {
      return https.get(gateway.resolve("/products"), token).statusCode();
    }

    /** Revokes {@code token} at the identity server as the client it was issued to. */
    void revoke(String token) throws Exception {
      HttpResponse<String> revoked =
          https.postForm(
              identity.resolve("/oauth2/revoke"),
              null,
              null,
              Map.of("token", token, "client_id", "bulwark-cli"));
      assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    }

    /** Whether the gateway answers 401 to {@code token} before {@code within} has passed. */
    boolean refusedWithin(String token, Duration within) throws Exception {
      long deadline = System.nanoTime() + within.toNanos();
      do {
        if (gatewayStatus(token) == 401) {
          return true;
        }
        Thread.sleep(20);
      } while (System.nanoTime() < deadline);
      return false;
    }
  }
}
