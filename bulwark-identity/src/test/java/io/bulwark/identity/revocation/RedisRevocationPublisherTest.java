package io.bulwark.identity.revocation;

import static io.bulwark.identity.TestIdentity.basic;
import static io.bulwark.identity.TestIdentity.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.core.json.Json;
import io.bulwark.identity.TestIdentity;
import io.bulwark.testkit.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisRevocationPublisherTest {
  @TempDir Path dir;

  @Test
  void publishesEachRevocationOnTheChannelAsTheFeedShowsIt() throws Exception {
    TestRedis redis = TestRedis.get();
    RedisClient subscriberClient = RedisClient.create(redis.uri());
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    try (TestIdentity id = new TestIdentity(dir);
        RedisRevocationPublisher publisher = RedisRevocationPublisher.connect(redis.uri());
        StatefulRedisPubSubConnection<String, String> sub = subscriberClient.connectPubSub()) {
      sub.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
              received.add(message);
            }
          });
      sub.sync().subscribe(RedisRevocationPublisher.CHANNEL);
      id.server.revocationBus().subscribe(publisher);
      String gatewaySecret =
          id.secretClient(
              "gateway", Set.of("client_credentials"), Set.of("revocations:read"), List.of("x"));

      id.server.revoker().revokeSubject("user-7");

      String message = received.poll(10, TimeUnit.SECONDS);
      assertThat(message).isNotNull();
      JsonNode published = Json.mapper().readTree(message);
      JsonNode fromFeed =
          json(id.get("/revocations", basic("gateway", gatewaySecret))).get("events").get(0);
      assertThat(published).isEqualTo(fromFeed);
      assertThat(published.get("kind").asText()).isEqualTo("sub");
      assertThat(published.get("value").asText()).isEqualTo("user-7");
    } finally {
      subscriberClient.shutdown();
    }
  }
}
