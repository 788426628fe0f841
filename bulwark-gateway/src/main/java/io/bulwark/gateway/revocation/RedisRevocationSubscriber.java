package io.bulwark.gateway.revocation;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.core.json.Json;
import io.bulwark.gateway.ratelimit.RedisConnector;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies revocation events published on the Redis channel {@value #CHANNEL} (one event JSON per
 * message) to a {@link RevocationList}, so revocations reach every gateway within milliseconds. The
 * connection is retried until Redis answers; after a disconnect Lettuce reconnects and
 * resubscribes, and every (re)subscription calls {@code onSubscribed} (wire it to {@link
 * RevocationFeedPoller#pollNow()}) so events published while disconnected are caught up from the
 * feed. Malformed messages are ignored (and counted in the log). Thread-safe.
 */
public final class RedisRevocationSubscriber implements AutoCloseable {
  /** The channel the identity server publishes revocation events on. */
  public static final String CHANNEL = "bulwark:revocations";

  /** Longest message accepted, in characters. */
  public static final int MAX_MESSAGE_LENGTH = 8 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(RedisRevocationSubscriber.class);
  private static final Duration MAX_RETRY = Duration.ofSeconds(5);

  private final RedisConnector redis;
  private final RevocationList list;
  private final Runnable onSubscribed;
  private final ScheduledExecutorService scheduler;
  private StatefulRedisPubSubConnection<String, String> connection;
  private boolean closed;
  private int attempts;

  /**
   * A subscriber; call {@link #start()}.
   *
   * @param onSubscribed run after every successful (re)subscription, typically the feed catch-up
   * @param scheduler used to retry the first connection
   */
  public RedisRevocationSubscriber(
      RedisConnector redis,
      RevocationList list,
      Runnable onSubscribed,
      ScheduledExecutorService scheduler) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.list = Objects.requireNonNull(list, "list");
    this.onSubscribed = Objects.requireNonNull(onSubscribed, "onSubscribed");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
  }

  /** Connects and subscribes in the background, retrying until Redis answers or close. */
  public synchronized void start() {
    if (closed || connection != null) {
      return;
    }
    redis.client().connectPubSubAsync(StringCodec.UTF8, redis.uri()).whenComplete(this::connected);
  }

  private synchronized void connected(
      StatefulRedisPubSubConnection<String, String> conn, Throwable error) {
    if (error != null) {
      attempts++;
      long delay = Math.min(MAX_RETRY.toMillis(), 100L << Math.min(attempts, 10));
      if (attempts == 1 || attempts % 10 == 0) {
        LOG.warn(
            "revocation channel: Redis not reachable ({} attempts), retrying in {} ms",
            attempts,
            delay);
      }
      if (!closed) {
        scheduler.schedule(this::start, delay, TimeUnit.MILLISECONDS);
      }
      return;
    }
    if (closed) {
      conn.closeAsync();
      return;
    }
    attempts = 0;
    connection = conn;
    conn.addListener(new Listener());
    conn.async().subscribe(CHANNEL);
  }

  /** Applies one message; returns whether it was a valid event. */
  boolean onMessage(String message) {
    if (message == null || message.length() > MAX_MESSAGE_LENGTH) {
      return false;
    }
    try {
      JsonNode node = Json.mapper().readTree(message);
      RevocationEvent event = RevocationEvent.fromJson(node);
      if (event != null) {
        list.apply(event);
      }
      return true;
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn(
          "revocation channel: ignored a malformed message ({})", e.getClass().getSimpleName());
      return false;
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }

  private final class Listener extends RedisPubSubAdapter<String, String> {
    @Override
    public void message(String channel, String message) {
      if (CHANNEL.equals(channel)) {
        onMessage(message);
      }
    }

    @Override
    public void subscribed(String channel, long count) {
      if (CHANNEL.equals(channel)) {
        LOG.info("revocation channel {} subscribed", CHANNEL);
        onSubscribed.run();
      }
    }
  }
}
