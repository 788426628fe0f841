package io.bulwark.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Token buckets in this gateway's memory (Bucket4j, lock-free), at most {@code maxBuckets} of them
 * (Caffeine). An idle bucket is dropped once it would have refilled completely anyway, so dropping
 * it never grants more than the policy allows; under pressure of more keys than {@code maxBuckets}
 * the least valuable buckets are evicted (a client might then get a fresh bucket early). Decisions
 * complete at once. Thread-safe.
 */
public final class LocalRateLimiter implements RateLimiter {
  /** Default most buckets held. */
  public static final int DEFAULT_MAX_BUCKETS = 100_000;

  private final Cache<BucketKey, Held> buckets;
  private final RateLimitDecision.Source source;

  /** A limiter holding at most {@code maxBuckets} buckets. */
  public LocalRateLimiter(int maxBuckets) {
    this(maxBuckets, RateLimitDecision.Source.LOCAL);
  }

  LocalRateLimiter(int maxBuckets, RateLimitDecision.Source source) {
    if (maxBuckets < 1 || maxBuckets > 10_000_000) {
      throw new IllegalArgumentException("maxBuckets must be between 1 and 10000000");
    }
    this.source = source;
    this.buckets =
        Caffeine.newBuilder()
            .executor(Runnable::run) // upkeep on the caller: no hand-off to the common pool
            .maximumSize(maxBuckets)
            .expireAfter(new IdleExpiry())
            .build();
  }

  @Override
  public CompletionStage<RateLimitDecision> tryConsume(RateLimitPolicy policy, String key) {
    return CompletableFuture.completedFuture(decide(policy, key));
  }

  /** The same as {@link #tryConsume}, synchronously. */
  public RateLimitDecision decide(RateLimitPolicy policy, String key) {
    BucketKey bucketKey = new BucketKey(policy, key);
    Held held = buckets.getIfPresent(bucketKey);
    if (held == null) {
      held = buckets.get(bucketKey, LocalRateLimiter::newBucket);
    }
    return RateLimitDecisions.from(policy, held.bucket.tryConsumeAndReturnRemaining(1), source);
  }

  private static Held newBucket(BucketKey key) {
    return new Held(
        Bucket.builder().addLimit(key.policy().bandwidth()).build(),
        Duration.ofSeconds(key.policy().window()));
  }

  /** Buckets held now (for metrics and tests). */
  public long size() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  /**
   * A bucket per policy and key: a policy with other numbers (after a reload) starts fresh buckets.
   */
  private record BucketKey(RateLimitPolicy policy, String key) {}

  private record Held(Bucket bucket, Duration idleLifetime) {}

  private static final class IdleExpiry implements Expiry<BucketKey, Held> {
    @Override
    public long expireAfterCreate(BucketKey key, Held value, long currentTime) {
      return value.idleLifetime.toNanos();
    }

    @Override
    public long expireAfterUpdate(
        BucketKey key, Held value, long currentTime, long currentDuration) {
      return value.idleLifetime.toNanos();
    }

    @Override
    public long expireAfterRead(BucketKey key, Held value, long currentTime, long currentDuration) {
      return value.idleLifetime.toNanos();
    }
  }
}
