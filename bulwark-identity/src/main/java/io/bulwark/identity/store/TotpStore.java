package io.bulwark.identity.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * TOTP enrolments. Accepting a code and spending a recovery code are single conditional updates, so
 * a code can never be used twice, even by concurrent requests. Thread-safe.
 */
public final class TotpStore {
  private final Jdbc jdbc;

  TotpStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Starts (or restarts) enrolment: replaces any earlier one with this unconfirmed one. */
  public void begin(TotpEnrolment enrolment) {
    jdbc.inTransaction(c -> {
      Jdbc.update(c, "delete from user_totp where user_id = ?", enrolment.userId());
      Jdbc.update(
          c,
          "insert into user_totp (user_id, secret, confirmed, last_step, recovery_codes,"
              + " created_at) values (?, ?, ?, ?, ?, ?)",
          enrolment.userId(),
          enrolment.secret(),
          enrolment.confirmed(),
          enrolment.lastStep(),
          JsonColumns.write(enrolment.recoveryCodeHashes()),
          enrolment.createdAt().toEpochMilli());
      return null;
    });
  }

  /** The user's enrolment. */
  public Optional<TotpEnrolment> find(String userId) {
    return jdbc.one(
        "select user_id, secret, confirmed, last_step, recovery_codes, created_at from user_totp"
            + " where user_id = ?",
        TotpStore::map,
        userId);
  }

  /**
   * Records that a code of time step {@code step} was accepted (confirming the enrolment); false if
   * a code of this or a later step was already accepted (a replay).
   */
  public boolean acceptStep(String userId, long step) {
    return jdbc.update(
            "update user_totp set last_step = ?, confirmed = true where user_id = ? and last_step < ?",
            step,
            userId,
            step)
        == 1;
  }

  /** Spends one recovery code by its hash; false if it is not (or no longer) there. */
  public boolean spendRecoveryCode(String userId, String codeHash) {
    return jdbc.inTransaction(c -> {
      List<TotpEnrolment> rows =
          Jdbc.query(
              c,
              "select user_id, secret, confirmed, last_step, recovery_codes, created_at"
                  + " from user_totp where user_id = ? for update",
              TotpStore::map,
              userId);
      if (rows.isEmpty() || !rows.get(0).recoveryCodeHashes().contains(codeHash)) {
        return false;
      }
      List<String> left = new ArrayList<>(rows.get(0).recoveryCodeHashes());
      left.remove(codeHash);
      Jdbc.update(
          c,
          "update user_totp set recovery_codes = ? where user_id = ?",
          JsonColumns.write(left),
          userId);
      return true;
    });
  }

  /** Removes the user's second factor; returns whether there was one. */
  public boolean remove(String userId) {
    return jdbc.update("delete from user_totp where user_id = ?", userId) == 1;
  }

  private static TotpEnrolment map(ResultSet row) throws SQLException {
    return new TotpEnrolment(
        row.getString("user_id"),
        row.getString("secret"),
        row.getBoolean("confirmed"),
        row.getLong("last_step"),
        JsonColumns.list(row.getString("recovery_codes")),
        Instant.ofEpochMilli(row.getLong("created_at")));
  }
}
