package io.bulwark.gateway.ratelimit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A Lettuce {@link RedisClient} set up for the gateway's hot path: every command times out ({@code
 * commandTimeout}), commands issued while disconnected fail at once instead of queueing, the
 * request queue is bounded, and reconnects are retried quickly (50 ms doubling up to 1 s), so a
 * Redis outage is detected fast and recovery is prompt. Shared by the cluster rate limiter and the
 * revocation subscriber; {@link #close()} shuts down the client and its threads.
 */
public final class RedisConnector implements AutoCloseable {
  /** Default command timeout. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(250);

  /** Most commands queued per connection. */
  public static final int REQUEST_QUEUE_SIZE = 10_000;

  private final RedisURI uri;
  private final ClientResources resources;
  private final RedisClient client;

  private RedisConnector(RedisURI uri, Duration commandTimeout) {
    this.uri = uri;
    this.resources =
        ClientResources.builder()
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(2)
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
            .build();
    this.client = RedisClient.create(resources);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .requestQueueSize(REQUEST_QUEUE_SIZE)
            .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
            .socketOptions(
                SocketOptions.builder().connectTimeout(commandTimeout.multipliedBy(4)).build())
            .build());
  }

  /**
   * A connector to {@code redisUri} ({@code redis://} or {@code rediss://}, credentials in the URI
   * never logged by this class).
   */
  public static RedisConnector create(String redisUri, Duration commandTimeout) {
    Objects.requireNonNull(redisUri, "redisUri");
    if (commandTimeout == null
        || commandTimeout.compareTo(Duration.ofMillis(10)) < 0
        || commandTimeout.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException("commandTimeout must be between 10 ms and 10 s");
    }
    RedisURI uri = RedisURI.create(redisUri);
    uri.setTimeout(commandTimeout);
    return new RedisConnector(uri, commandTimeout);
  }

  /** The configured client. */
  public RedisClient client() {
    return client;
  }

  /** The server address. */
  public RedisURI uri() {
    return uri;
  }

  @Override
  public void close() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
