package io.bulwark.identity.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Browser single sign-on sessions, by cookie hash. Thread-safe. */
public final class BrowserSessionStore {
  private static final String COLUMNS =
      "session_hash, user_id, auth_time, amr, last_seen_at, absolute_expires_at";

  private final Jdbc jdbc;

  BrowserSessionStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores a new session. */
  public void create(BrowserSession s) {
    jdbc.update(
        "insert into browser_sessions (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?)",
        s.hash(),
        s.userId(),
        s.authTime().toEpochMilli(),
        String.join(" ", s.amr()),
        s.lastSeenAt().toEpochMilli(),
        s.absoluteExpiresAt().toEpochMilli());
  }

  /** The session with this cookie hash. */
  public Optional<BrowserSession> find(String hash) {
    return jdbc.one(
        "select " + COLUMNS + " from browser_sessions where session_hash = ?",
        BrowserSessionStore::map,
        hash);
  }

  /** Records a use of the session. */
  public void touch(String hash, Instant at) {
    jdbc.update(
        "update browser_sessions set last_seen_at = ? where session_hash = ?",
        at.toEpochMilli(),
        hash);
  }

  /** Ends one session; returns whether it existed. */
  public boolean delete(String hash) {
    return jdbc.update("delete from browser_sessions where session_hash = ?", hash) > 0;
  }

  /** Ends every session of a user; returns how many. */
  public int deleteForUser(String userId) {
    return jdbc.update("delete from browser_sessions where user_id = ?", userId);
  }

  /** Removes sessions past their absolute end or idle since before {@code idleBefore}. */
  public int purge(Instant now, Instant idleBefore) {
    return jdbc.update(
        "delete from browser_sessions where absolute_expires_at < ? or last_seen_at < ?",
        now.toEpochMilli(),
        idleBefore.toEpochMilli());
  }

  private static BrowserSession map(ResultSet row) throws SQLException {
    String amr = row.getString("amr");
    return new BrowserSession(
        row.getString("session_hash"),
        row.getString("user_id"),
        Instant.ofEpochMilli(row.getLong("auth_time")),
        amr == null || amr.isBlank() ? List.of() : Arrays.asList(amr.split(" ")),
        Instant.ofEpochMilli(row.getLong("last_seen_at")),
        Instant.ofEpochMilli(row.getLong("absolute_expires_at")));
  }
}
