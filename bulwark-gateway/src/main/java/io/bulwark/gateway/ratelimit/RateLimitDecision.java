package io.bulwark.gateway.ratelimit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The answer for one request: allowed or not, and the numbers for the response headers of <a
 * href="https://datatracker.ietf.org/doc/html/draft-ietf-httpapi-ratelimit-headers-09">draft-ietf-httpapi-ratelimit-headers-09</a>
 * ({@code RateLimit-Policy: "name";q=<capacity>;w=<window s>} and {@code RateLimit:
 * "name";r=<remaining>;t=<seconds until full>}) and, when denied, {@code Retry-After}.
 *
 * @param allowed whether the request may proceed
 * @param policy the policy applied
 * @param remaining tokens left after this request
 * @param reset time until the bucket is full again
 * @param retryAfter when denied, time until a token is available; zero when allowed
 * @param source where the decision was made
 */
public record RateLimitDecision(
    boolean allowed,
    RateLimitPolicy policy,
    long remaining,
    Duration reset,
    Duration retryAfter,
    Source source) {

  /** Where a decision came from. */
  public enum Source {
    /** This gateway's in-memory buckets (local mode). */
    LOCAL,
    /** The buckets shared in Redis. */
    CLUSTER,
    /** Local buckets standing in while Redis is unreachable (fail open). */
    LOCAL_FALLBACK,
    /** Redis is unreachable and the limiter fails closed: denied without counting. */
    UNAVAILABLE
  }

  public RateLimitDecision {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(reset, "reset");
    Objects.requireNonNull(retryAfter, "retryAfter");
    Objects.requireNonNull(source, "source");
  }

  /** HTTP status for a denied request: 429, or 503 when the shared limiter was unavailable. */
  public int deniedStatus() {
    return source == Source.UNAVAILABLE ? 503 : 429;
  }

  /** {@code Retry-After} in whole seconds, rounded up, at least 1. */
  public long retryAfterSeconds() {
    return Math.max(1, ceilSeconds(retryAfter));
  }

  /** The {@code RateLimit-Policy} field value. */
  public String policyHeader() {
    return "\"" + policy.name() + "\";q=" + policy.capacity() + ";w=" + policy.window();
  }

  /** The {@code RateLimit} field value. */
  public String rateLimitHeader() {
    return "\"" + policy.name() + "\";r=" + Math.max(0, remaining) + ";t=" + ceilSeconds(reset);
  }

  /**
   * The response header fields to add, in order: {@code RateLimit-Policy} and {@code RateLimit}
   * (omitted when the shared limiter was unavailable, since nothing was counted), plus {@code
   * Retry-After} when denied.
   */
  public Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    if (source != Source.UNAVAILABLE) {
      headers.put("RateLimit-Policy", policyHeader());
      headers.put("RateLimit", rateLimitHeader());
    }
    if (!allowed) {
      headers.put("Retry-After", Long.toString(retryAfterSeconds()));
    }
    return headers;
  }

  private static long ceilSeconds(Duration duration) {
    long nanos = Math.max(0, duration.toNanos());
    return (nanos + 999_999_999L) / 1_000_000_000L;
  }
}
