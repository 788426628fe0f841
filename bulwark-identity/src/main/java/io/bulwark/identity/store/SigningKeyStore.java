package io.bulwark.identity.store;

import java.time.Instant;
import java.util.List;

/** The token signing keys, private parts included. Thread-safe. */
public final class SigningKeyStore {
  private final Jdbc jdbc;

  SigningKeyStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores a new key. */
  public void add(StoredKey key) {
    jdbc.update(
        "insert into signing_keys (kid, alg, jwk, created_at, retire_after) values (?, ?, ?, ?, ?)",
        key.kid(),
        key.algorithm(),
        key.jwk(),
        key.createdAt().toEpochMilli(),
        key.retireAfter() == null ? null : key.retireAfter().toEpochMilli());
  }

  /** Keys not retired at {@code now}, oldest first. */
  public List<StoredKey> active(Instant now) {
    return jdbc.query(
        "select kid, alg, jwk, created_at, retire_after from signing_keys"
            + " where retire_after is null or retire_after > ? order by created_at, kid",
        row -> {
          Long retire = Jdbc.nullableLong(row, "retire_after");
          return new StoredKey(
              row.getString("kid"),
              row.getString("alg"),
              row.getString("jwk"),
              Instant.ofEpochMilli(row.getLong("created_at")),
              retire == null ? null : Instant.ofEpochMilli(retire));
        },
        now.toEpochMilli());
  }

  /** Schedules every key still without a retirement time, except {@code keepKid}, to retire. */
  public int retireAllExcept(String keepKid, Instant retireAfter) {
    return jdbc.update(
        "update signing_keys set retire_after = ? where retire_after is null and kid <> ?",
        retireAfter.toEpochMilli(),
        keepKid);
  }

  /** Deletes keys retired before {@code now}; returns how many went. */
  public int purgeRetired(Instant now) {
    return jdbc.update(
        "delete from signing_keys where retire_after is not null and retire_after <= ?",
        now.toEpochMilli());
  }
}
