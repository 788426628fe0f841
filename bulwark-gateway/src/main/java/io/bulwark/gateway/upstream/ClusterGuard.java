package io.bulwark.gateway.upstream;

import io.bulwark.gateway.config.ResilienceConfig;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The resilience of one cluster, as its {@link ResilienceConfig} says: a count-based Resilience4j
 * circuit breaker, a non-blocking bulkhead bounding requests in flight to the cluster, and a retry
 * budget: retries may add at most {@code budgetPercent} % to the requests of the current {@link
 * #BUDGET_WINDOW} (plus {@value #MIN_RETRIES} so a quiet cluster may retry at all). Never blocks: a
 * denied permission is answered 503 at once. Thread-safe.
 */
public final class ClusterGuard {
  /** Retries always allowed per window. */
  public static final int MIN_RETRIES = 3;

  /** Window of the retry budget. */
  public static final Duration BUDGET_WINDOW = Duration.ofSeconds(10);

  private final ResilienceConfig settings;
  private final CircuitBreaker breaker;
  private final Bulkhead bulkhead;
  private final AtomicLong windowStart = new AtomicLong(System.nanoTime());
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private volatile long openedAtNanos;

  /**
   * @param name the cluster's name
   * @param settings circuit breaker, retry and bulkhead settings
   * @param maxConcurrent most requests in flight to the cluster
   */
  public ClusterGuard(String name, ResilienceConfig settings, int maxConcurrent) {
    this.settings = settings;
    ResilienceConfig.CircuitBreaker cb = settings.circuitBreaker();
    this.breaker =
        CircuitBreaker.of(
            name,
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(cb.slidingWindowSize())
                .minimumNumberOfCalls(cb.minimumNumberOfCalls())
                .failureRateThreshold(cb.failureRateThreshold())
                .slowCallDurationThreshold(cb.slowCallDuration())
                .slowCallRateThreshold(cb.slowCallRateThreshold())
                .waitDurationInOpenState(cb.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(cb.permittedCallsInHalfOpenState())
                .build());
    breaker
        .getEventPublisher()
        .onStateTransition(event -> {
          if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
            openedAtNanos = System.nanoTime();
          }
        });
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
   * Whole seconds (at least 1) a refused client should wait: what is left of the open state, or 1
   * for a full bulkhead or a half-open circuit out of probes.
   */
  public long retryAfterSeconds() {
    if (breaker.getState() != CircuitBreaker.State.OPEN) {
      return 1;
    }
    long left =
        settings.circuitBreaker().waitInOpenState().toNanos() - (System.nanoTime() - openedAtNanos);
    return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
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

  /**
   * Takes one retry from the budget if the request may be sent again: {@code attemptsMade} is below
   * {@code maxAttempts} and the budget has a retry left.
   */
  public boolean tryRetry(int attemptsMade) {
    if (attemptsMade >= settings.retry().maxAttempts()) {
      return false;
    }
    rollWindow();
    long allowed = MIN_RETRIES + requests.get() * settings.retry().budgetPercent() / 100;
    if (retries.incrementAndGet() > allowed) {
      retries.decrementAndGet();
      return false;
    }
    return true;
  }

  /** How long to wait before attempt number {@code attempt} (2 for the first retry). */
  public Duration backoffBefore(int attempt) {
    Duration first = settings.retry().backoff();
    return first.multipliedBy(1L << Math.max(0, attempt - 2));
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
