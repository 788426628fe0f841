package io.bulwark.examples.bakery.orders;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Exchanged tokens by the {@code jti} of the user token they were exchanged for, each kept until
 * shortly before it expires, and at most {@code maxEntries} of them (least recently used go first),
 * so a burst of users cannot grow memory without bound.
 */
final class ExchangedTokenCache {
  /** How long before its expiry a cached token stops being handed out. */
  static final Duration RENEW_BEFORE = Duration.ofSeconds(30);

  /** A token and its expiry. */
  record Entry(String token, Instant expiresAt) {
    @Override
    public String toString() {
      return "Entry[expiresAt=" + expiresAt + "]";
    }
  }

  private final Cache<String, Entry> cache;
  private final Clock clock;

  ExchangedTokenCache(int maxEntries, Clock clock) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive");
    }
    this.clock = clock;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .executor(Runnable::run)
            .expireAfter(
                Expiry.<String, Entry>writing((key, entry) -> usableFor(entry, clock.instant())))
            .build();
  }

  /** The cached token for the user token {@code subjectJti}, if still usable. */
  Optional<String> get(String subjectJti) {
    Entry entry = cache.getIfPresent(subjectJti);
    if (entry == null || usableFor(entry, clock.instant()).isZero()) {
      return Optional.empty();
    }
    return Optional.of(entry.token());
  }

  /** Keeps {@code entry} for {@code subjectJti} unless it is too close to its expiry. */
  void put(String subjectJti, Entry entry) {
    if (!usableFor(entry, clock.instant()).isZero()) {
      cache.put(subjectJti, entry);
    }
  }

  /** Entries held now (for tests and metrics; approximate while evictions are pending). */
  long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  private static Duration usableFor(Entry entry, Instant now) {
    Duration left = Duration.between(now, entry.expiresAt().minus(RENEW_BEFORE));
    return left.isNegative() ? Duration.ZERO : left;
  }
}
