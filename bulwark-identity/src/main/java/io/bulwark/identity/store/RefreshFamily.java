package io.bulwark.identity.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One login session of a user at a client: every refresh token rotated from the same code shares
 * it, and its id is the {@code sid} of the access tokens issued from it. Revoking it ends them all.
 *
 * @param id the family (session) id
 * @param clientId the client
 * @param userId the user
 * @param scope the scope granted at login; refreshes may narrow it, never widen it
 * @param authTime when the user authenticated
 * @param createdAt when the family started
 * @param absoluteExpiresAt no refresh token of the family is valid after this
 * @param revoked whether the family was revoked
 * @param amr how the user authenticated at login
 * @param certificateThumbprint the {@code x5t#S256} of the client certificate the session's tokens
 *     are bound to (RFC 8705 §3), or null if unbound
 */
public record RefreshFamily(
    String id,
    String clientId,
    String userId,
    String scope,
    Instant authTime,
    Instant createdAt,
    Instant absoluteExpiresAt,
    boolean revoked,
    List<String> amr,
    String certificateThumbprint) {

  /** Checks required fields. */
  public RefreshFamily {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(authTime, "authTime");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(absoluteExpiresAt, "absoluteExpiresAt");
    amr = List.copyOf(amr);
  }

  /** A family whose tokens are not bound to a certificate. */
  public RefreshFamily(
      String id,
      String clientId,
      String userId,
      String scope,
      Instant authTime,
      Instant createdAt,
      Instant absoluteExpiresAt,
      boolean revoked,
      List<String> amr) {
    this(id, clientId, userId, scope, authTime, createdAt, absoluteExpiresAt, revoked, amr, null);
  }
}
