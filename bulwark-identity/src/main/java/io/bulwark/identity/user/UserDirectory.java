package io.bulwark.identity.user;

import io.bulwark.core.id.Ulid;
import io.bulwark.identity.revocation.Revoker;
import io.bulwark.identity.store.UserAccount;
import io.bulwark.identity.store.UserStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Creates users, checks their passwords, disables and deletes them. Disabling or deleting a user
 * revokes every session and token of theirs (a {@code sub} revocation event). Thread-safe.
 */
public final class UserDirectory {
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@\\-]{0,127}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:\\-]{0,63}");

  private final UserStore store;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final Revoker revoker;
  private final Clock clock;
  private final Ulid.Generator ids;

  public UserDirectory(UserStore store, PasswordHasher hasher, Revoker revoker, Clock clock) {
    this.store = store;
    this.hasher = hasher;
    this.policy = new PasswordPolicy();
    this.revoker = revoker;
    this.clock = clock;
    this.ids = Ulid.generator(clock);
  }

  /**
   * Creates a user with a new id.
   *
   * @throws IllegalArgumentException for a malformed name, role, group or attribute, or a password
   *     the policy refuses (the message says why, never the password)
   * @throws io.bulwark.identity.store.StoreException (conflict) if the name is taken
   */
  public UserAccount create(
      String username,
      String password,
      List<String> roles,
      List<String> groups,
      Map<String, String> attributes) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw new IllegalArgumentException(
          "user name must be 1-128 lower-case letters, digits, '.', '_', '@', '-'");
    }
    checkProfile(roles, groups, attributes);
    policy
        .violation(password, username)
        .ifPresent(reason -> {
          throw new IllegalArgumentException(reason);
        });
    UserAccount user =
        new UserAccount(
            ids.next(),
            username,
            hasher.hash(password),
            roles,
            groups,
            attributes,
            false,
            clock.instant());
    store.create(user);
    return user;
  }

  private static void checkProfile(
      List<String> roles, List<String> groups, Map<String, String> attributes) {
    roles.forEach(r -> checkName(r, "role"));
    groups.forEach(g -> checkName(g, "group"));
    attributes.forEach((k, v) -> {
      checkName(k, "attribute");
      if (v == null || v.length() > 256) {
        throw new IllegalArgumentException("attribute values are 0-256 characters");
      }
    });
  }

  private static void checkName(String value, String what) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " names are 1-64 letters, digits, '.', '_', ':', '-'");
    }
  }

  /** The enabled user with this name and password; empty otherwise (in about the same time). */
  public Optional<UserAccount> authenticate(String username, String password) {
    if (username == null || password == null || password.length() > PasswordPolicy.MAX_LENGTH) {
      return Optional.empty();
    }
    Optional<UserAccount> user = store.findByUsername(username);
    if (user.isEmpty()) {
      hasher.burn(password);
      return Optional.empty();
    }
    if (!hasher.matches(password, user.get().passwordHash()) || user.get().disabled()) {
      return Optional.empty();
    }
    return user;
  }

  /** The user with this id. */
  public Optional<UserAccount> find(String id) {
    return store.findById(id);
  }

  /** Every user, by name. */
  public List<UserAccount> list() {
    return store.list();
  }

  /** The user with this name. */
  public Optional<UserAccount> findByUsername(String username) {
    return store.findByUsername(username);
  }

  /**
   * Sets a new password (checked by the policy) and ends the user's sessions.
   *
   * @throws IllegalArgumentException if the policy refuses the password
   */
  public boolean resetPassword(String id, String password) {
    Optional<UserAccount> user = store.findById(id);
    if (user.isEmpty()) {
      return false;
    }
    policy
        .violation(password, user.get().username())
        .ifPresent(reason -> {
          throw new IllegalArgumentException(reason);
        });
    store.setPasswordHash(id, hasher.hash(password));
    revoker.revokeSubject(id);
    return true;
  }

  /**
   * Replaces a user's roles, groups and attributes. When anything changed, every session and token
   * of the user is revoked, so no token keeps claims the user no longer has (their next sign-in
   * gets the new ones). Returns whether the user exists.
   *
   * @throws IllegalArgumentException for a malformed role, group or attribute
   */
  public boolean updateProfile(
      String id, List<String> roles, List<String> groups, Map<String, String> attributes) {
    checkProfile(roles, groups, attributes);
    roles = roles.stream().distinct().toList();
    groups = groups.stream().distinct().toList();
    Optional<UserAccount> user = store.findById(id);
    if (user.isEmpty()) {
      return false;
    }
    UserAccount u = user.get();
    if (u.roles().equals(roles) && u.groups().equals(groups) && u.attributes().equals(attributes)) {
      return true;
    }
    if (!store.setProfile(id, roles, groups, attributes)) {
      return false;
    }
    revoker.revokeSubject(id);
    return true;
  }

  /** Disables a user and revokes everything issued to them. */
  public boolean disable(String id) {
    if (!store.setDisabled(id, true)) {
      return false;
    }
    revoker.revokeSubject(id);
    return true;
  }

  /** Enables a disabled user (tokens revoked at disabling stay revoked). */
  public boolean enable(String id) {
    return store.setDisabled(id, false);
  }

  /** Deletes a user and revokes everything issued to them. */
  public boolean delete(String id) {
    if (!store.delete(id)) {
      return false;
    }
    revoker.revokeSubject(id);
    return true;
  }
}
