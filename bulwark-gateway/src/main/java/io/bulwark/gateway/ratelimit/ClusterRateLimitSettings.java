package io.bulwark.gateway.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link ClusterRateLimiter} behaves.
 *
 * @param onRedisFailure what to do while Redis is unreachable or slow
 * @param requestTimeout longest wait for Redis on one request before it counts as a failure
 * @param retryAfterFailure after a failure, Redis is left alone (local decisions) this long
 * @param maxFallbackBuckets most in-memory buckets used while failing open
 */
public record ClusterRateLimitSettings(
    FailureMode onRedisFailure,
    Duration requestTimeout,
    Duration retryAfterFailure,
    int maxFallbackBuckets) {

  /** What a cluster limiter does when Redis cannot answer. */
  public enum FailureMode {
    /** Decide with this gateway's own buckets (each gateway then allows the full limit). */
    OPEN,
    /** Deny (503, {@code Retry-After}) until Redis is back. */
    CLOSED
  }

  /** Default per-request Redis timeout. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMillis(250);

  /** Default pause after a Redis failure. */
  public static final Duration DEFAULT_RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

  public ClusterRateLimitSettings {
    Objects.requireNonNull(onRedisFailure, "onRedisFailure");
    requireBetween(requestTimeout, Duration.ofMillis(10), Duration.ofSeconds(10), "requestTimeout");
    requireBetween(
        retryAfterFailure, Duration.ofMillis(10), Duration.ofMinutes(1), "retryAfterFailure");
    if (maxFallbackBuckets < 1) {
      throw new IllegalArgumentException("maxFallbackBuckets must be positive");
    }
  }

  /** Defaults: fail open, 250 ms timeout, 1 s pause after failures. */
  public static ClusterRateLimitSettings defaults() {
    return of(FailureMode.OPEN);
  }

  /** Defaults with the given failure mode. */
  public static ClusterRateLimitSettings of(FailureMode mode) {
    return new ClusterRateLimitSettings(
        mode,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_RETRY_AFTER_FAILURE,
        LocalRateLimiter.DEFAULT_MAX_BUCKETS);
  }

  private static void requireBetween(Duration value, Duration min, Duration max, String name) {
    if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
    }
  }
}
