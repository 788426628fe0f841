package io.bulwark.audit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded waits for asynchronous delivery: polls a condition, failing after a generous bound. */
public final class TestAwait {

  private static final Duration BOUND = Duration.ofSeconds(30);

  private TestAwait() {}

  /** Waits until {@code condition} holds; throws {@link AssertionError} naming {@code what}. */
  public static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("gave up waiting: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting: " + what);
      }
    }
  }
}
