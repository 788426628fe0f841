package io.bulwark.identity.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A user: a stable id (the token {@code sub}), a login name, an Argon2id password hash, roles,
 * groups and attributes (which can become token claims for ABAC policies).
 *
 * @param id the stable subject id
 * @param username the login name, unique
 * @param passwordHash the PHC-format Argon2id hash
 * @param roles role names
 * @param groups group names
 * @param attributes attribute name to value, such as {@code dept} or {@code tenant}
 * @param disabled whether sign-in and token use are refused
 * @param createdAt when the user was created
 */
public record UserAccount(
    String id,
    String username,
    String passwordHash,
    List<String> roles,
    List<String> groups,
    Map<String, String> attributes,
    boolean disabled,
    Instant createdAt) {

  /** Copies collections and checks required fields. */
  public UserAccount {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(passwordHash, "passwordHash");
    roles = List.copyOf(roles);
    groups = List.copyOf(groups);
    attributes = Map.copyOf(attributes);
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Describes the user without the password hash. */
  @Override
  public String toString() {
    return "UserAccount[" + id + ", " + username + ", roles=" + roles + "]";
  }
}
