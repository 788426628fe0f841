package io.bulwark.gateway.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How a cluster protects itself and its upstream (Resilience4j): when its circuit opens, how
 * requests are retried, and how many may be in flight. {@link #DEFAULTS} are the values the gateway
 * always had. Validated when built; immutable.
 *
 * @param circuitBreaker when the circuit opens and closes again
 * @param retry which failed requests are sent again
 * @param bulkhead the bound on requests in flight
 */
public record ResilienceConfig(CircuitBreaker circuitBreaker, Retry retry, Bulkhead bulkhead) {

  /** The defaults of every part. */
  public static final ResilienceConfig DEFAULTS =
      new ResilienceConfig(CircuitBreaker.DEFAULTS, Retry.DEFAULTS, Bulkhead.DEFAULTS);

  /** Checks that no part is missing. */
  public ResilienceConfig {
    Objects.requireNonNull(circuitBreaker, "circuitBreaker");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(bulkhead, "bulkhead");
  }

  /**
   * A count-based circuit breaker: over the last {@code slidingWindowSize} calls, once at least
   * {@code minimumNumberOfCalls} were made, the circuit opens when {@code failureRateThreshold}
   * percent failed (connection failure, timeout, 5xx) or {@code slowCallRateThreshold} percent took
   * longer than {@code slowCallDuration}. Open, it refuses for {@code waitInOpenState}, then lets
   * {@code permittedCallsInHalfOpenState} probes decide.
   *
   * @param failureRateThreshold percent of failed calls that opens the circuit, 1-100
   * @param slowCallDuration a call slower than this is slow, 1 ms to 10 min
   * @param slowCallRateThreshold percent of slow calls that opens the circuit, 1-100
   * @param minimumNumberOfCalls calls before any rate counts, 1 to {@code slidingWindowSize}
   * @param slidingWindowSize calls the rates are taken over, 1-10000
   * @param waitInOpenState how long an open circuit refuses, 1 ms to 1 h
   * @param permittedCallsInHalfOpenState probes after the wait, 1-1000
   */
  public record CircuitBreaker(
      int failureRateThreshold,
      Duration slowCallDuration,
      int slowCallRateThreshold,
      int minimumNumberOfCalls,
      int slidingWindowSize,
      Duration waitInOpenState,
      int permittedCallsInHalfOpenState) {

    /** 50 %, slow after 60 s at 100 %, 10 calls of 20, open 10 s, 3 probes. */
    public static final CircuitBreaker DEFAULTS =
        new CircuitBreaker(50, Duration.ofSeconds(60), 100, 10, 20, Duration.ofSeconds(10), 3);

    /** Checks the ranges. */
    public CircuitBreaker {
      between("failureRateThreshold", failureRateThreshold, 1, 100);
      between("slowCallRateThreshold", slowCallRateThreshold, 1, 100);
      between("slidingWindowSize", slidingWindowSize, 1, 10_000);
      between("minimumNumberOfCalls", minimumNumberOfCalls, 1, slidingWindowSize);
      between("permittedCallsInHalfOpenState", permittedCallsInHalfOpenState, 1, 1000);
      between("slowCallDuration", slowCallDuration, Duration.ofMinutes(10));
      between("waitInOpenState", waitInOpenState, Duration.ofHours(1));
    }
  }

  /**
   * Retries: a request is sent again, to another healthy endpoint, only if it is idempotent, has no
   * body, and failed before any response byte; and only while the cluster's retry budget lasts:
   * retries may add {@code budgetPercent} percent to the requests of the last 10 s, plus 3.
   *
   * @param maxAttempts attempts in all, 1 (never retry) to 5
   * @param budgetPercent retries as a share of requests, 0-100
   * @param backoff wait before the first retry, doubled before each further one; 0 to 10 s
   */
  public record Retry(int maxAttempts, int budgetPercent, Duration backoff) {

    /** 2 attempts, 20 % budget, no backoff. */
    public static final Retry DEFAULTS = new Retry(2, 20, Duration.ZERO);

    /** Checks the ranges. */
    public Retry {
      between("maxAttempts", maxAttempts, 1, 5);
      between("budgetPercent", budgetPercent, 0, 100);
      Objects.requireNonNull(backoff, "backoff");
      if (backoff.isNegative() || backoff.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new IllegalArgumentException("retry backoff must be between 0 and 10 s");
      }
    }
  }

  /**
   * The bulkhead: requests in flight to the cluster beyond this bound get 503 at once.
   *
   * @param maxConcurrentRequests the bound, 1-1000000, or {@link #DERIVED} for {@code
   *     maxConnectionsPerEndpoint × endpoints × 16}
   */
  public record Bulkhead(int maxConcurrentRequests) {
    /** Derive the bound from the pool size. */
    public static final int DERIVED = 0;

    /** The derived bound. */
    public static final Bulkhead DEFAULTS = new Bulkhead(DERIVED);

    /** Checks the range. */
    public Bulkhead {
      if (maxConcurrentRequests != DERIVED) {
        between("maxConcurrentRequests", maxConcurrentRequests, 1, 1_000_000);
      }
    }

    /** The bound for a cluster of {@code endpoints} with {@code maxConnectionsPerEndpoint}. */
    public int limit(int endpoints, int maxConnectionsPerEndpoint) {
      if (maxConcurrentRequests != DERIVED) {
        return maxConcurrentRequests;
      }
      return (int) Math.min(Integer.MAX_VALUE, (long) maxConnectionsPerEndpoint * endpoints * 16);
    }
  }

  private static void between(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", was " + value);
    }
  }

  private static void between(String name, Duration value, Duration max) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be between 1 ms and " + max);
    }
  }
}
