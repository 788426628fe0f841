package io.bulwark.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test moves it, so time-dependent code (expiry,
 * rotation, rate limits) is tested without sleeping. Thread-safe; zone UTC. Clocks returned by
 * {@link #withZone(ZoneId)} share this clock's time, so advancing one advances all.
 */
public final class FakeClock extends Clock {

  /** The instant a clock made with {@link #FakeClock()} starts at. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  /** A clock standing at {@link #DEFAULT_START}. */
  public FakeClock() {
    this(DEFAULT_START);
  }

  /** A clock standing at {@code start}. */
  public FakeClock(Instant start) {
    this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  private FakeClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** Moves the clock by {@code amount} (negative moves it back) and returns the new instant. */
  public Instant advance(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    return now.updateAndGet(current -> current.plus(amount));
  }

  /** Sets the clock to {@code instant}. */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public FakeClock withZone(ZoneId newZone) {
    return new FakeClock(now, Objects.requireNonNull(newZone, "zone"));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FakeClock that && that.now == now && that.zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(now) * 31 + zone.hashCode();
  }

  @Override
  public String toString() {
    return "FakeClock[" + instant() + ", " + zone + "]";
  }
}
