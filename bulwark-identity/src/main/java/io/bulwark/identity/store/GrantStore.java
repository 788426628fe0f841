package io.bulwark.identity.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Authorization codes, refresh-token families and refresh tokens. Redeeming a code or a refresh
 * token is atomic: of two concurrent redemptions exactly one wins, the other sees a reuse.
 * Thread-safe.
 */
public final class GrantStore {
  private static final String CODE_COLUMNS =
      "code_hash, client_id, user_id, redirect_uri, scope, code_challenge, nonce, auth_time,"
          + " expires_at, amr";
  private static final String FAMILY_COLUMNS =
      "family_id, client_id, user_id, scope, auth_time, created_at, absolute_expires_at, revoked,"
          + " amr, cnf_x5t";

  private final Jdbc jdbc;

  GrantStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores a fresh, unused code. */
  public void saveCode(AuthorizationCode code) {
    jdbc.update(
        "insert into authorization_codes ("
            + CODE_COLUMNS
            + ", used) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false)",
        code.codeHash(),
        code.clientId(),
        code.userId(),
        code.redirectUri(),
        code.scope(),
        code.codeChallenge(),
        code.nonce(),
        code.authTime().toEpochMilli(),
        code.expiresAt().toEpochMilli(),
        String.join(" ", code.amr()));
  }

  /**
   * Spends the code with this hash. Expiry is the caller's check, on the returned code: an expired
   * code is still spent, so it can never be tried twice.
   */
  public Redemption<AuthorizationCode> redeemCode(String codeHash) {
    return jdbc.inTransaction(c -> {
      int won =
          Jdbc.update(
              c,
              "update authorization_codes set used = true where code_hash = ? and used = false",
              codeHash);
      List<Object[]> rows =
          Jdbc.query(
              c,
              "select " + CODE_COLUMNS + ", family_id from authorization_codes where code_hash = ?",
              row -> new Object[] {mapCode(row), row.getString("family_id")},
              codeHash);
      if (rows.isEmpty()) {
        return new Redemption.Unknown<>();
      }
      if (won == 1) {
        return new Redemption.Redeemed<>((AuthorizationCode) rows.get(0)[0]);
      }
      return new Redemption.Reused<>((String) rows.get(0)[1]);
    });
  }

  /** Records which session a redeemed code started, so a replay of the code can revoke it. */
  public void linkCodeToFamily(String codeHash, String familyId) {
    jdbc.update(
        "update authorization_codes set family_id = ? where code_hash = ?", familyId, codeHash);
  }

  /** Starts a refresh-token family. */
  public void createFamily(RefreshFamily family) {
    jdbc.update(
        "insert into refresh_families ("
            + FAMILY_COLUMNS
            + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        family.id(),
        family.clientId(),
        family.userId(),
        family.scope(),
        family.authTime().toEpochMilli(),
        family.createdAt().toEpochMilli(),
        family.absoluteExpiresAt().toEpochMilli(),
        family.revoked(),
        String.join(" ", family.amr()),
        family.certificateThumbprint());
  }

  /** The family with this id. */
  public Optional<RefreshFamily> findFamily(String familyId) {
    return jdbc.one(
        "select " + FAMILY_COLUMNS + " from refresh_families where family_id = ?",
        GrantStore::mapFamily,
        familyId);
  }

  /** Revokes a family; returns whether it was active until now. */
  public boolean revokeFamily(String familyId) {
    return jdbc.update(
            "update refresh_families set revoked = true where family_id = ? and revoked = false",
            familyId)
        == 1;
  }

  /** Revokes every active family of a user; returns the ids revoked. */
  public List<String> revokeFamiliesOfUser(String userId) {
    return jdbc.inTransaction(c -> {
      List<String> ids =
          Jdbc.query(
              c,
              "select family_id from refresh_families where user_id = ? and revoked = false",
              row -> row.getString(1),
              userId);
      Jdbc.update(
          c,
          "update refresh_families set revoked = true where user_id = ? and revoked = false",
          userId);
      return ids;
    });
  }

  /** Stores a fresh refresh token of {@code familyId}, by its hash. */
  public void saveRefreshToken(
      String tokenHash, String familyId, Instant createdAt, Instant expiresAt) {
    jdbc.update(
        "insert into refresh_tokens (token_hash, family_id, created_at, expires_at, used)"
            + " values (?, ?, ?, ?, false)",
        tokenHash,
        familyId,
        createdAt.toEpochMilli(),
        expiresAt.toEpochMilli());
  }

  /**
   * Spends the refresh token with this hash, returning its family and the token's own expiry (the
   * sliding limit). Revocation and expiry are the caller's checks.
   */
  public Redemption<RefreshGrant> redeemRefreshToken(String tokenHash) {
    return jdbc.inTransaction(c -> {
      int won =
          Jdbc.update(
              c,
              "update refresh_tokens set used = true where token_hash = ? and used = false",
              tokenHash);
      List<Object[]> rows =
          Jdbc.query(
              c,
              "select family_id, expires_at from refresh_tokens where token_hash = ?",
              row -> new Object[] {row.getString(1), row.getLong(2)},
              tokenHash);
      if (rows.isEmpty()) {
        return new Redemption.Unknown<>();
      }
      String familyId = (String) rows.get(0)[0];
      if (won != 1) {
        return new Redemption.Reused<>(familyId);
      }
      RefreshFamily family = findFamily(c, familyId);
      return new Redemption.Redeemed<>(
          new RefreshGrant(family, Instant.ofEpochMilli((Long) rows.get(0)[1])));
    });
  }

  /** The family state of a refresh token, without spending it (for introspection). */
  public Optional<RefreshGrant> peekRefreshToken(String tokenHash) {
    return jdbc.inTransaction(c -> {
      List<Object[]> rows =
          Jdbc.query(
              c,
              "select family_id, expires_at, used from refresh_tokens where token_hash = ?",
              row -> new Object[] {row.getString(1), row.getLong(2), row.getBoolean(3)},
              tokenHash);
      if (rows.isEmpty() || (Boolean) rows.get(0)[2]) {
        return Optional.empty();
      }
      return Optional.of(
          new RefreshGrant(
              findFamily(c, (String) rows.get(0)[0]), Instant.ofEpochMilli((Long) rows.get(0)[1])));
    });
  }

  /** Deletes codes and families that can no longer be used; returns how many rows went. */
  public int purgeExpired(Instant now) {
    long t = now.toEpochMilli();
    return jdbc.update("delete from authorization_codes where expires_at < ?", t)
        + jdbc.update("delete from refresh_families where absolute_expires_at < ?", t);
  }

  private static RefreshFamily findFamily(Connection c, String familyId) throws SQLException {
    return Jdbc.query(
            c,
            "select " + FAMILY_COLUMNS + " from refresh_families where family_id = ?",
            GrantStore::mapFamily,
            familyId)
        .get(0);
  }

  private static List<String> amr(ResultSet row) throws SQLException {
    String amr = row.getString("amr");
    return amr == null || amr.isBlank() ? List.of("pwd") : List.of(amr.split(" "));
  }

  private static AuthorizationCode mapCode(ResultSet row) throws SQLException {
    return new AuthorizationCode(
        row.getString("code_hash"),
        row.getString("client_id"),
        row.getString("user_id"),
        row.getString("redirect_uri"),
        row.getString("scope"),
        row.getString("code_challenge"),
        row.getString("nonce"),
        Instant.ofEpochMilli(row.getLong("auth_time")),
        Instant.ofEpochMilli(row.getLong("expires_at")),
        amr(row));
  }

  private static RefreshFamily mapFamily(ResultSet row) throws SQLException {
    return new RefreshFamily(
        row.getString("family_id"),
        row.getString("client_id"),
        row.getString("user_id"),
        row.getString("scope"),
        Instant.ofEpochMilli(row.getLong("auth_time")),
        Instant.ofEpochMilli(row.getLong("created_at")),
        Instant.ofEpochMilli(row.getLong("absolute_expires_at")),
        row.getBoolean("revoked"),
        amr(row),
        row.getString("cnf_x5t"));
  }
}
