package io.bulwark.gateway.hygiene;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deadline of one connection, watched by a single scheduled check that re-arms itself for what is
 * left: starting, moving or clearing the deadline per request costs a field write, not a scheduler
 * insertion and removal on the event loop. Not thread-safe: use it on the connection's event loop
 * only.
 */
public final class EventLoopDeadline {
  private final EventExecutor executor;
  private final Runnable onExpiry;
  private long deadline;
  private ScheduledFuture<?> check;
  private long checkAt;

  /** Runs {@code onExpiry} on {@code executor} when a started deadline passes uncleared. */
  public EventLoopDeadline(EventExecutor executor, Runnable onExpiry) {
    this.executor = executor;
    this.onExpiry = onExpiry;
  }

  /** Whether a deadline is running. */
  public boolean running() {
    return deadline != 0;
  }

  /** Starts (or restarts) the deadline {@code timeoutNanos} from now. */
  public void start(long timeoutNanos) {
    long at = System.nanoTime() + timeoutNanos;
    deadline = at == 0 ? 1 : at;
    if (check != null && checkAt - deadline > 0) {
      // Sooner than the pending check (a shorter timeout, e.g. after a reload): re-arm.
      check.cancel(false);
      check = null;
    }
    if (check == null) {
      schedule(timeoutNanos);
    }
  }

  /** No deadline until the next {@link #start}; the pending check finds none and stops. */
  public void clear() {
    deadline = 0;
  }

  /** Clears the deadline and cancels the check (the connection is going away). */
  public void stop() {
    deadline = 0;
    if (check != null) {
      check.cancel(false);
      check = null;
    }
  }

  private void schedule(long delayNanos) {
    checkAt = System.nanoTime() + delayNanos;
    check = executor.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void check() {
    check = null;
    if (deadline == 0) {
      return;
    }
    long left = deadline - System.nanoTime();
    if (left > 0) {
      schedule(left);
      return;
    }
    deadline = 0;
    onExpiry.run();
  }
}
