package io.bulwark.identity.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The user directory. Thread-safe. */
public final class UserStore {
  private static final String COLUMNS =
      "user_id, username, password_hash, role_names, group_names, attributes, disabled,"
          + " created_at";

  private final Jdbc jdbc;

  UserStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Creates {@code user}.
   *
   * @throws StoreException with {@link StoreException#isConflict()} if the id or name is taken
   */
  public void create(UserAccount user) {
    jdbc.update(
        "insert into users (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)",
        user.id(),
        user.username(),
        user.passwordHash(),
        JsonColumns.write(user.roles()),
        JsonColumns.write(user.groups()),
        JsonColumns.write(new java.util.TreeMap<>(user.attributes())),
        user.disabled(),
        user.createdAt().toEpochMilli());
  }

  /** The user with this id. */
  public Optional<UserAccount> findById(String id) {
    return jdbc.one("select " + COLUMNS + " from users where user_id = ?", UserStore::map, id);
  }

  /** The user with this login name. */
  public Optional<UserAccount> findByUsername(String username) {
    return jdbc.one(
        "select " + COLUMNS + " from users where username = ?", UserStore::map, username);
  }

  /** Every user, by login name. */
  public List<UserAccount> list() {
    return jdbc.query("select " + COLUMNS + " from users order by username", UserStore::map);
  }

  /** Replaces the password hash; returns whether the user exists. */
  public boolean setPasswordHash(String id, String passwordHash) {
    return jdbc.update("update users set password_hash = ? where user_id = ?", passwordHash, id)
        == 1;
  }

  /** Replaces roles, groups and attributes; returns whether the user exists. */
  public boolean setProfile(
      String id, List<String> roles, List<String> groups, Map<String, String> attributes) {
    return jdbc.update(
            "update users set role_names = ?, group_names = ?, attributes = ? where user_id = ?",
            JsonColumns.write(roles),
            JsonColumns.write(groups),
            JsonColumns.write(new java.util.TreeMap<>(attributes)),
            id)
        == 1;
  }

  /** Enables or disables a user; returns whether the user exists. */
  public boolean setDisabled(String id, boolean disabled) {
    return jdbc.update("update users set disabled = ? where user_id = ?", disabled, id) == 1;
  }

  /** Deletes a user; returns whether the user existed. */
  public boolean delete(String id) {
    return jdbc.update("delete from users where user_id = ?", id) == 1;
  }

  private static UserAccount map(ResultSet row) throws SQLException {
    return new UserAccount(
        row.getString("user_id"),
        row.getString("username"),
        row.getString("password_hash"),
        JsonColumns.list(row.getString("role_names")),
        JsonColumns.list(row.getString("group_names")),
        JsonColumns.map(row.getString("attributes")),
        row.getBoolean("disabled"),
        Instant.ofEpochMilli(row.getLong("created_at")));
  }
}
