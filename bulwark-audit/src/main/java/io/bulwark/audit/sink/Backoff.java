package io.bulwark.audit.sink;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter between delivery attempts: attempt {@code n} (from 1) waits
 * {@code min(max, initial * 2^(n-1))}, less a random share of up to {@code jitter} of it, so sinks
 * that failed together do not retry in lockstep.
 *
 * @param initial the wait after the first failure
 * @param max the longest wait
 * @param jitter the share of the wait (0..1) that is randomly taken off
 */
public record Backoff(Duration initial, Duration max, double jitter) {

  /** Validates the values. */
  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max");
    }
    if (jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("jitter must lie in 0..1");
    }
  }

  /** 100 ms, doubling up to 30 s, with 20 % jitter. */
  public static Backoff defaults() {
    return new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), 0.2);
  }

  /** How long to wait after failed attempt {@code attempt} (from 1). */
  public Duration delay(int attempt) {
    int shift = Math.min(Math.max(attempt, 1) - 1, 30);
    long base = Math.min(max.toNanos(), initial.toNanos() << Math.min(shift, 20));
    if (shift > 20) {
      base = max.toNanos();
    }
    long cut = (long) (base * jitter * ThreadLocalRandom.current().nextDouble());
    return Duration.ofNanos(base - cut);
  }
}
