package io.bulwark.gateway.upstream;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The resilience of one cluster: a Resilience4j circuit breaker (opens when at least {@value
 * #FAILURE_RATE_PERCENT}% of the last {@value #WINDOW_CALLS} calls failed, stays open {@link
 * #OPEN_DURATION}), a non-blocking bulkhead bounding requests in flight to the cluster, and a retry
 * budget: retries may add at most {@value #RETRY_BUDGET_PERCENT}% to the requests of the current
 * {@link #BUDGET_WINDOW} (plus {@value #MIN_RETRIES} so a quiet cluster may retry at all). Never
 * blocks: a denied permission is answered 503 at once. Thread-safe.
 */
public final class ClusterGuard {
  /** Calls in the circuit breaker's sliding window. */
  public static final int WINDOW_CALLS = 20;

  /** Failure rate that opens the circuit. */
  public static final int FAILURE_RATE_PERCENT = 50;

  /** Fewest calls before the failure rate counts. */
  public static final int MINIMUM_CALLS = 10;

  /** How long an open circuit rejects before letting probes through. */
  public static final Duration OPEN_DURATION = Duration.ofSeconds(10);

  /** Retries as a share of requests. */
  public static final int RETRY_BUDGET_PERCENT = 20;

  /** Retries always allowed per window. */
  public static final int MIN_RETRIES = 3;

  /** Window of the retry budget. */
  public static final Duration BUDGET_WINDOW = Duration.ofSeconds(10);

  private final CircuitBreaker breaker;
  private final Bulkhead bulkhead;
  private final AtomicLong windowStart = new AtomicLong(System.nanoTime());
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();

  /**
   * @param name the cluster's name
   * @param maxConcurrent most requests in flight to the cluster
   */
  public ClusterGuard(String name, int maxConcurrent) {
    this.breaker =
        CircuitBreaker.of(
            name,
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(WINDOW_CALLS)
                .minimumNumberOfCalls(MINIMUM_CALLS)
                .failureRateThreshold(FAILURE_RATE_PERCENT)
                .waitDurationInOpenState(OPEN_DURATION)
                .permittedNumberOfCallsInHalfOpenState(3)
                .build());
    this.bulkhead =
        Bulkhead.of(
            name,
            BulkheadConfig.custom()
                .maxConcurrentCalls(maxConcurrent)
                .maxWaitDuration(Duration.ZERO)
                .build());
  }

  /** Why a request was not let through, or {@code null} if it was (then call {@link #finished}). */
  public String admit() {
    if (!bulkhead.tryAcquirePermission()) {
      return "bulkhead-full";
    }
    if (!breaker.tryAcquirePermission()) {
      bulkhead.onComplete();
      return "circuit-open";
    }
    rollWindow();
    requests.incrementAndGet();
    return null;
  }

  /**
   * Records how an admitted request ended.
   *
   * @param nanos how long it took
   * @param failed whether the upstream failed (connection error, timeout or 5xx)
   */
  public void finished(long nanos, boolean failed) {
    if (failed) {
      breaker.onError(nanos, TimeUnit.NANOSECONDS, UpstreamFailure.INSTANCE);
    } else {
      breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
    }
    bulkhead.onComplete();
  }

  /** Takes one retry from the budget if any is left. */
  public boolean tryRetry() {
    rollWindow();
    long allowed = MIN_RETRIES + requests.get() * RETRY_BUDGET_PERCENT / 100;
    if (retries.incrementAndGet() > allowed) {
      retries.decrementAndGet();
      return false;
    }
    return true;
  }

  /** The breaker's state, for tests and metrics. */
  public CircuitBreaker.State state() {
    return breaker.getState();
  }

  private void rollWindow() {
    long start = windowStart.get();
    long now = System.nanoTime();
    if (now - start > BUDGET_WINDOW.toNanos() && windowStart.compareAndSet(start, now)) {
      requests.set(0);
      retries.set(0);
    }
  }

  /** The error recorded for a failed upstream call. */
  private static final class UpstreamFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final UpstreamFailure INSTANCE = new UpstreamFailure();

    private UpstreamFailure() {
      super("upstream failure", null, false, false);
    }
  }
}
