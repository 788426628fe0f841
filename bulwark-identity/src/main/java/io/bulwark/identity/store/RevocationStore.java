package io.bulwark.identity.store;

import io.bulwark.identity.store.RevocationEvent.Kind;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Revoked access-token ids and the revocation event log that gateways poll. Appends are serialized
 * through one counter row, so sequence numbers become visible in order: a reader that saw {@code n}
 * will never later find a smaller one it missed. Thread-safe.
 */
public final class RevocationStore {
  private final Jdbc jdbc;

  RevocationStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Marks the access token {@code jti} revoked until it {@code expiresAt}; idempotent. */
  public void revokeToken(String jti, Instant expiresAt) {
    jdbc.inTransaction(c -> {
      boolean known =
          !Jdbc.query(c, "select jti from revoked_tokens where jti = ?", r -> 1, jti).isEmpty();
      if (!known) {
        Jdbc.update(
            c,
            "insert into revoked_tokens (jti, expires_at) values (?, ?)",
            jti,
            expiresAt.toEpochMilli());
      }
      return null;
    });
  }

  /** Whether {@code jti} was revoked. */
  public boolean isTokenRevoked(String jti) {
    return jdbc.one("select jti from revoked_tokens where jti = ?", r -> 1, jti).isPresent();
  }

  /** Appends an event and returns it with its sequence number. */
  public RevocationEvent append(Kind kind, String value, Instant issuedBefore, Instant expiresAt) {
    return jdbc.inTransaction(c -> {
      Jdbc.update(c, "update revocation_counter set last_seq = last_seq + 1 where id = 1");
      long seq =
          Jdbc.query(c, "select last_seq from revocation_counter where id = 1", r -> r.getLong(1))
              .get(0);
      RevocationEvent event = new RevocationEvent(seq, kind, value, issuedBefore, expiresAt);
      Jdbc.update(
          c,
          "insert into revocation_events (seq, claim_kind, claim_value, issued_before, expires_at)"
              + " values (?, ?, ?, ?, ?)",
          seq,
          kind.wireName(),
          value,
          issuedBefore.toEpochMilli(),
          expiresAt.toEpochMilli());
      return event;
    });
  }

  /** Up to {@code limit} events after {@code afterSeq}, oldest first. */
  public List<RevocationEvent> eventsAfter(long afterSeq, int limit) {
    return jdbc.query(
        "select seq, claim_kind, claim_value, issued_before, expires_at from revocation_events"
            + " where seq > ? order by seq fetch first "
            + Math.max(1, limit)
            + " rows only",
        row ->
            new RevocationEvent(
                row.getLong(1),
                Kind.valueOf(row.getString(2).toUpperCase(Locale.ROOT)),
                row.getString(3),
                Instant.ofEpochMilli(row.getLong(4)),
                Instant.ofEpochMilli(row.getLong(5))),
        afterSeq);
  }

  /** The sequence number of the newest event, 0 when there is none. */
  public long lastSeq() {
    return jdbc.one("select last_seq from revocation_counter where id = 1", r -> r.getLong(1))
        .orElse(0L);
  }

  /** Forgets revoked ids and events that no longer matter; returns how many rows went. */
  public int purgeExpired(Instant now) {
    long t = now.toEpochMilli();
    return jdbc.update("delete from revoked_tokens where expires_at < ?", t)
        + jdbc.update("delete from revocation_events where expires_at < ?", t);
  }
}
