package io.bulwark.identity.revocation;

import io.bulwark.identity.store.RevocationEvent;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every revocation event on Redis channel {@value #CHANNEL} as the same JSON object the
 * {@code GET /revocations} feed returns, so gateways subscribed to Redis learn of it at once.
 * Publishing is asynchronous and never blocks the revocation: while Redis is unreachable commands
 * are refused rather than queued (at most {@value #MAX_QUEUED} are ever pending), failures are
 * logged, and gateways catch up from the feed. Thread-safe.
 */
public final class RedisRevocationPublisher implements RevocationListener, AutoCloseable {
  /** The channel revocation events are published on. */
  public static final String CHANNEL = "bulwark:revocations";

  /** Most publish commands waiting for Redis at once. */
  public static final int MAX_QUEUED = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(RedisRevocationPublisher.class);

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;

  private RedisRevocationPublisher(RedisClient client, StatefulRedisConnection<String, String> c) {
    this.client = client;
    this.connection = c;
  }

  /** Connects to Redis at {@code uri} ({@code redis://host:port}). */
  public static RedisRevocationPublisher connect(String uri) {
    RedisURI redisUri = RedisURI.create(uri);
    redisUri.setTimeout(Duration.ofSeconds(2));
    RedisClient client = RedisClient.create(redisUri);
    client.setOptions(
        ClientOptions.builder()
            .requestQueueSize(MAX_QUEUED)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
    try {
      return new RedisRevocationPublisher(client, client.connect());
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
  }

  @Override
  public void onRevocation(RevocationEvent event) {
    String json = RevocationEventJson.toJson(event);
    try {
      connection
          .async()
          .publish(CHANNEL, json)
          .exceptionally(e -> {
            LOG.warn(
                "could not publish revocation event {} to Redis: {}", event.seq(), e.toString());
            return 0L;
          });
    } catch (RuntimeException e) {
      LOG.warn("could not publish revocation event {} to Redis: {}", event.seq(), e.toString());
    }
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }
}
