package io.bulwark.gateway.ratelimit;

import io.bulwark.gateway.ratelimit.ClusterRateLimitSettings.FailureMode;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets shared by every gateway through Redis (Bucket4j's compare-and-swap proxy manager
 * for Lettuce, asynchronous), so N gateways enforce one limit together. Keys are {@value
 * #KEY_PREFIX}{@code <policy>:<fingerprint>:<key>} and expire once the bucket would be full again.
 *
 * <p>When Redis fails (connection refused, command timeout), the limiter stops asking it for {@link
 * ClusterRateLimitSettings#retryAfterFailure()} and decides per {@link FailureMode}: OPEN uses this
 * gateway's in-memory buckets ({@link RateLimitDecision.Source#LOCAL_FALLBACK}), CLOSED denies
 * ({@link RateLimitDecision.Source#UNAVAILABLE}, 503). Nothing blocks the caller and the returned
 * stages never fail. Thread-safe.
 */
public final class ClusterRateLimiter implements RateLimiter, AutoCloseable {
  /** Prefix of every bucket key in Redis. */
  public static final String KEY_PREFIX = "bulwark:rl:";

  /** How long a full bucket is kept in Redis after it would have refilled. */
  static final Duration KEEP_AFTER_REFILL = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(ClusterRateLimiter.class);

  private final RedisConnector redis;
  private final ClusterRateLimitSettings settings;
  private final LocalRateLimiter fallback;
  private final AtomicBoolean connecting = new AtomicBoolean();
  private volatile StatefulRedisConnection<String, byte[]> connection;
  private volatile AsyncProxyManager<String> buckets;
  private volatile long downUntilNanos;
  private volatile boolean down;
  private volatile boolean closed;

  public ClusterRateLimiter(RedisConnector redis, ClusterRateLimitSettings settings) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.fallback =
        new LocalRateLimiter(
            settings.maxFallbackBuckets(), RateLimitDecision.Source.LOCAL_FALLBACK);
  }

  /**
   * Connects to Redis. The stage completes when connected or when the attempt failed (requests then
   * use the failure mode and reconnecting continues in the background); it never fails.
   */
  public CompletionStage<Void> start() {
    return connect();
  }

  @Override
  public CompletionStage<RateLimitDecision> tryConsume(RateLimitPolicy policy, String key) {
    AsyncProxyManager<String> manager = buckets;
    boolean resting = down && System.nanoTime() < downUntilNanos;
    if (manager == null || resting) {
      if (manager == null && !resting) {
        connect();
      }
      return CompletableFuture.completedFuture(degraded(policy, key));
    }
    String redisKey = KEY_PREFIX + policy.name() + ":" + policy.fingerprint() + ":" + key;
    CompletableFuture<RateLimitDecision> decision;
    try {
      decision =
          manager
              .builder()
              .build(
                  redisKey, () -> CompletableFuture.completedFuture(policy.bucketConfiguration()))
              .tryConsumeAndReturnRemaining(1)
              .orTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
              .thenApply(probe ->
                  RateLimitDecisions.from(policy, probe, RateLimitDecision.Source.CLUSTER));
    } catch (RuntimeException e) {
      decision = CompletableFuture.failedFuture(e);
    }
    return decision.handle((ok, error) -> {
      if (error == null) {
        recovered();
        return ok;
      }
      failed(error);
      return degraded(policy, key);
    });
  }

  private RateLimitDecision degraded(RateLimitPolicy policy, String key) {
    if (settings.onRedisFailure() == FailureMode.OPEN) {
      return fallback.decide(policy, key);
    }
    return new RateLimitDecision(
        false,
        policy,
        0,
        Duration.ZERO,
        settings.retryAfterFailure(),
        RateLimitDecision.Source.UNAVAILABLE);
  }

  private void failed(Throwable error) {
    downUntilNanos = System.nanoTime() + settings.retryAfterFailure().toNanos();
    if (!down) {
      down = true;
      Throwable cause = error;
      while (cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      LOG.warn(
          "rate limits: Redis failed ({}), deciding {} for now",
          cause.getClass().getSimpleName(),
          settings.onRedisFailure() == FailureMode.OPEN ? "with local buckets" : "to deny");
    }
  }

  private void recovered() {
    if (down) {
      down = false;
      LOG.info("rate limits: Redis answers again, limits are shared");
    }
  }

  private CompletableFuture<Void> connect() {
    if (closed || buckets != null || !connecting.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(null);
    }
    RedisCodec<String, byte[]> codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    return redis
        .client()
        .connectAsync(codec, redis.uri())
        .handle((conn, error) -> {
          if (error != null) {
            failed(error);
          } else if (closed) {
            conn.closeAsync();
          } else {
            connection = conn;
            buckets =
                Bucket4jLettuce.casBasedBuilder(conn)
                    .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                            KEEP_AFTER_REFILL))
                    .requestTimeout(settings.requestTimeout())
                    .maxRetries(64)
                    .build()
                    .asAsync();
          }
          connecting.set(false);
          return (Void) null;
        })
        .toCompletableFuture();
  }

  @Override
  public void close() {
    closed = true;
    StatefulRedisConnection<String, byte[]> conn = connection;
    if (conn != null) {
      conn.close();
    }
  }
}
