package io.bulwark.gateway.revocation;

import io.bulwark.gateway.auth.AuthFailure;
import io.bulwark.gateway.auth.AuthResult;
import io.bulwark.gateway.auth.AuthenticatedPrincipal;
import io.bulwark.gateway.revocation.RevocationEvent.Kind;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revocations the gateway currently enforces, in memory: checks are lock-free map reads (safe
 * on event loops), updates come from the feed poller, the Redis subscriber or an in-process
 * publisher. Entries are dropped once past their {@code expiresAt}; above the capacity the entry
 * expiring soonest is evicted (and counted), so memory stays bounded even under a revocation storm.
 * Revocations apply to tokens of every configured issuer. Thread-safe.
 */
public final class RevocationList {
  /** Default most entries held. */
  public static final int DEFAULT_CAPACITY = 100_000;

  private static final Logger LOG = LoggerFactory.getLogger(RevocationList.class);

  private final int capacity;
  private final Clock clock;
  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
  private final TreeSet<Entry> byExpiry =
      new TreeSet<>(
          Comparator.comparing(Entry::expiresAt)
              .thenComparing(e -> e.key.kind)
              .thenComparing(e -> e.key.value));
  private final AtomicLong evictions = new AtomicLong();

  public RevocationList(int capacity, Clock clock) {
    if (capacity < 1 || capacity > 10_000_000) {
      throw new IllegalArgumentException("capacity must be between 1 and 10000000");
    }
    this.capacity = capacity;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Adds or widens a revocation (the later {@code issuedBefore} and {@code expiresAt} win). */
  public synchronized void apply(RevocationEvent event) {
    Instant now = clock.instant();
    purgeExpired(now);
    if (!event.expiresAt().isAfter(now)) {
      return;
    }
    Key key = new Key(event.kind(), event.value());
    Entry old = entries.get(key);
    Entry merged =
        old == null
            ? new Entry(key, event.issuedBefore(), event.expiresAt())
            : new Entry(
                key,
                max(old.issuedBefore, event.issuedBefore()),
                max(old.expiresAt, event.expiresAt()));
    if (old != null) {
      byExpiry.remove(old);
    }
    entries.put(key, merged);
    byExpiry.add(merged);
    while (entries.size() > capacity) {
      Entry evicted = byExpiry.pollFirst();
      entries.remove(evicted.key);
      if (evictions.incrementAndGet() % 1000 == 1) {
        LOG.warn("revocation list full ({} entries): evicting entries closest to expiry", capacity);
      }
    }
  }

  /**
   * {@code result} unchanged, unless it authenticated a principal that is revoked: then a {@link
   * AuthFailure.Reason#REVOKED} rejection. The chain calls this right after authentication.
   */
  public AuthResult check(AuthResult result) {
    if (result instanceof AuthResult.Authenticated ok && isRevoked(ok.principal())) {
      return new AuthResult.Rejected(AuthFailure.of(AuthFailure.Reason.REVOKED));
    }
    return result;
  }

  /** Whether {@code principal}'s token, session or subject is revoked. */
  public boolean isRevoked(AuthenticatedPrincipal principal) {
    return isRevoked(
        principal.tokenId(), principal.sessionId(), principal.subject(), principal.issuedAt());
  }

  /**
   * Whether a token with these claims (each may be null) is revoked: some live entry matches a
   * claim and the token was issued at or before the entry's {@code issuedBefore}. A token without
   * {@code iat} matches any entry for its claims.
   */
  public boolean isRevoked(String jti, String sid, String sub, Instant issuedAt) {
    if (entries.isEmpty()) {
      return false;
    }
    Instant now = clock.instant();
    return matches(Kind.JTI, jti, issuedAt, now)
        || matches(Kind.SID, sid, issuedAt, now)
        || matches(Kind.SUB, sub, issuedAt, now);
  }

  private boolean matches(Kind kind, String value, Instant issuedAt, Instant now) {
    if (value == null) {
      return false;
    }
    Entry entry = entries.get(new Key(kind, value));
    return entry != null
        && entry.expiresAt.isAfter(now)
        && (issuedAt == null || !issuedAt.isAfter(entry.issuedBefore));
  }

  /** Entries held now. */
  public int size() {
    return entries.size();
  }

  /** Entries dropped because the list was full (each is a revocation no longer enforced). */
  public long evictions() {
    return evictions.get();
  }

  private void purgeExpired(Instant now) {
    while (!byExpiry.isEmpty() && !byExpiry.first().expiresAt.isAfter(now)) {
      entries.remove(byExpiry.pollFirst().key);
    }
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private record Key(Kind kind, String value) {}

  private record Entry(Key key, Instant issuedBefore, Instant expiresAt) {}
}
