package io.bulwark.gateway.upstream;

import io.bulwark.gateway.config.ClusterConfig.EndpointAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * One endpoint of a cluster with its live state: requests in flight (for least-request) and passive
 * outlier ejection. After {@value #EJECT_AFTER_FAILURES} consecutive connection failures the
 * endpoint is ejected for {@link #EJECTION_NANOS}; any success resets the count. Thread-safe.
 */
public final class UpstreamEndpoint {
  /** Consecutive connection failures that eject an endpoint. */
  public static final int EJECT_AFTER_FAILURES = 3;

  /** How long an ejected endpoint is skipped: 10 seconds. */
  public static final long EJECTION_NANOS = 10_000_000_000L;

  private final EndpointAddress address;
  private final String name;
  private final LongSupplier nanoTime;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private volatile long ejectedUntil;
  private volatile boolean ejected;
  private volatile boolean activelyHealthy = true;
  private final AtomicInteger checkStreak = new AtomicInteger();

  UpstreamEndpoint(EndpointAddress address, LongSupplier nanoTime) {
    this.address = address;
    this.name = address.toString(); // logged with every request it serves
    this.nanoTime = nanoTime;
  }

  /** Where the endpoint is. */
  public EndpointAddress address() {
    return address;
  }

  /** Requests currently in flight to this endpoint. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Whether the endpoint may be chosen now: passing its active checks and not ejected. */
  public boolean isHealthy() {
    return activelyHealthy && (!ejected || nanoTime.getAsLong() - ejectedUntil >= 0);
  }

  /**
   * Records an active health check result; {@code threshold} results in a row flip the state.
   *
   * @param passed whether the check passed
   * @param unhealthyThreshold failures in a row that mark the endpoint unhealthy
   * @param healthyThreshold successes in a row that mark it healthy
   */
  public void checked(boolean passed, int unhealthyThreshold, int healthyThreshold) {
    if (passed == activelyHealthy) {
      checkStreak.set(0);
      return;
    }
    if (checkStreak.incrementAndGet() >= (passed ? healthyThreshold : unhealthyThreshold)) {
      activelyHealthy = passed;
      checkStreak.set(0);
      if (passed) {
        succeeded();
      }
    }
  }

  /** Marks a request started. */
  public void started() {
    inFlight.incrementAndGet();
  }

  /** Marks a request finished. */
  public void finished() {
    inFlight.decrementAndGet();
  }

  /** Records a successful connection or response. */
  public void succeeded() {
    consecutiveFailures.set(0);
    ejected = false;
  }

  /** Records a connection failure, ejecting the endpoint after too many in a row. */
  public void failed() {
    if (consecutiveFailures.incrementAndGet() >= EJECT_AFTER_FAILURES) {
      ejectedUntil = nanoTime.getAsLong() + EJECTION_NANOS;
      ejected = true;
      consecutiveFailures.set(0);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
