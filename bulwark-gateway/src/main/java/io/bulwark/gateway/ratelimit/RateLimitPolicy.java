package io.bulwark.gateway.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A token bucket: holds at most {@code capacity} tokens, refilled by {@code refillTokens} every
 * {@code refillPeriod} (greedily, token by token); each request takes one. Its {@linkplain
 * #window() window} (time to refill from empty) and capacity are what {@code RateLimit-Policy}
 * advertises as {@code w} and {@code q}.
 *
 * @param name identifies the policy in headers and bucket keys ({@code [A-Za-z0-9_.-]}, 1-64)
 */
public record RateLimitPolicy(
    String name, long capacity, long refillTokens, Duration refillPeriod) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  public RateLimitPolicy {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("policy name must be 1-64 of [A-Za-z0-9_.-]");
    }
    if (capacity < 1 || capacity > 1_000_000_000L) {
      throw new IllegalArgumentException("capacity must be between 1 and 1e9");
    }
    if (refillTokens < 1 || refillTokens > capacity) {
      throw new IllegalArgumentException("refillTokens must be between 1 and capacity");
    }
    if (refillPeriod == null
        || refillPeriod.compareTo(Duration.ofMillis(1)) < 0
        || refillPeriod.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("refillPeriod must be between 1 ms and 1 day");
    }
  }

  /** {@code limit} requests per {@code period}, in a bucket of that capacity. */
  public static RateLimitPolicy perPeriod(String name, long limit, Duration period) {
    return new RateLimitPolicy(name, limit, limit, period);
  }

  /** Time to refill an empty bucket, rounded up to whole seconds (at least 1). */
  public long window() {
    double seconds = (double) capacity / refillTokens * refillPeriod.toNanos() / 1e9;
    return Math.max(1, (long) Math.ceil(seconds));
  }

  /** A short, stable fingerprint of the numbers, so changed settings start fresh buckets. */
  String fingerprint() {
    return Long.toString(capacity, 36)
        + "."
        + Long.toString(refillTokens, 36)
        + "."
        + Long.toString(refillPeriod.toMillis(), 36);
  }

  Bandwidth bandwidth() {
    return Bandwidth.builder()
        .capacity(capacity)
        .refillGreedy(refillTokens, refillPeriod)
        .initialTokens(capacity)
        .build();
  }

  BucketConfiguration bucketConfiguration() {
    return BucketConfiguration.builder().addLimit(bandwidth()).build();
  }
}
