package io.bulwark.identity.user;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Brute-force protection for sign-in, per account and per source address: after a few failures each
 * further attempt must wait a doubling delay, and past a limit the account or address is locked out
 * for a while. A refused attempt does not check the password at all. Counters are kept in memory on
 * this node, in caches bounded to {@value #MAX_TRACKED} keys each, and forgotten {@link
 * #FORGET_AFTER} after the last failure. Thread-safe.
 */
public final class LoginThrottle {
  /** Failures of one account before attempts are delayed. */
  public static final int ACCOUNT_FREE_FAILURES = 3;

  /** Failures of one account that lock it out. */
  public static final int ACCOUNT_LOCKOUT_FAILURES = 10;

  /** Failures from one address before attempts are delayed. */
  public static final int ADDRESS_FREE_FAILURES = 20;

  /** Failures from one address that lock it out. */
  public static final int ADDRESS_LOCKOUT_FAILURES = 50;

  /** How long a lockout lasts. */
  public static final Duration LOCKOUT = Duration.ofMinutes(15);

  /** Longest progressive delay. */
  public static final Duration MAX_DELAY = Duration.ofMinutes(1);

  /** Counters are dropped this long after the last failure. */
  public static final Duration FORGET_AFTER = Duration.ofMinutes(30);

  /** Most accounts and most addresses tracked at once. */
  public static final int MAX_TRACKED = 100_000;

  private final Clock clock;
  private final Cache<String, Counter> accounts;
  private final Cache<String, Counter> addresses;

  /** Failures so far and the earliest time of the next attempt. */
  private record Counter(int failures, Instant nextAttempt) {}

  /** Why an attempt is refused, and until when. */
  public record Refusal(String scope, Instant until, boolean lockout) {}

  /** What a failure led to: a lockout that began now, if any. */
  public record Outcome(Optional<String> lockedOut) {}

  public LoginThrottle(Clock clock) {
    this.clock = clock;
    Ticker ticker = () -> clock.millis() * 1_000_000L;
    this.accounts = cache(ticker);
    this.addresses = cache(ticker);
  }

  private static Cache<String, Counter> cache(Ticker ticker) {
    return Caffeine.newBuilder()
        .maximumSize(MAX_TRACKED)
        .expireAfterWrite(FORGET_AFTER)
        .ticker(ticker)
        .build();
  }

  private static String account(String username) {
    return username == null ? "" : username.toLowerCase(Locale.ROOT);
  }

  /** Whether an attempt for {@code username} from {@code address} must be refused now. */
  public Optional<Refusal> check(String username, String address) {
    Instant now = clock.instant();
    Counter a = accounts.getIfPresent(account(username));
    if (a != null && now.isBefore(a.nextAttempt())) {
      return Optional.of(
          new Refusal("account", a.nextAttempt(), a.failures() >= ACCOUNT_LOCKOUT_FAILURES));
    }
    Counter ip = address == null ? null : addresses.getIfPresent(address);
    if (ip != null && now.isBefore(ip.nextAttempt())) {
      return Optional.of(
          new Refusal("address", ip.nextAttempt(), ip.failures() >= ADDRESS_LOCKOUT_FAILURES));
    }
    return Optional.empty();
  }

  /** Counts a failed attempt; says whether it started a lockout ("account" or "address"). */
  public Outcome failure(String username, String address) {
    Instant now = clock.instant();
    Counter a =
        accounts
            .asMap()
            .compute(
                account(username),
                (k, c) -> next(c, now, ACCOUNT_FREE_FAILURES, ACCOUNT_LOCKOUT_FAILURES));
    Optional<String> locked =
        a.failures() == ACCOUNT_LOCKOUT_FAILURES ? Optional.of("account") : Optional.empty();
    if (address != null) {
      Counter ip =
          addresses
              .asMap()
              .compute(
                  address, (k, c) -> next(c, now, ADDRESS_FREE_FAILURES, ADDRESS_LOCKOUT_FAILURES));
      if (ip.failures() == ADDRESS_LOCKOUT_FAILURES && locked.isEmpty()) {
        locked = Optional.of("address");
      }
    }
    return new Outcome(locked);
  }

  private static Counter next(Counter current, Instant now, int free, int lockout) {
    int failures = current == null ? 1 : current.failures() + 1;
    if (failures >= lockout) {
      return new Counter(failures, now.plus(LOCKOUT));
    }
    if (failures <= free) {
      return new Counter(failures, now);
    }
    long seconds = Math.min(MAX_DELAY.toSeconds(), 1L << Math.min(20, failures - free));
    return new Counter(failures, now.plusSeconds(seconds));
  }

  /** Clears the account's failures after a successful sign-in. */
  public void success(String username) {
    accounts.invalidate(account(username));
  }
}
