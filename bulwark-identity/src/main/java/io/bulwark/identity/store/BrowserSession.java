package io.bulwark.identity.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A browser's single sign-on session at the identity server, known by the SHA-256 of its cookie.
 *
 * @param hash SHA-256 hex of the cookie value (the value itself is never stored)
 * @param userId the signed-in user
 * @param authTime when the user last authenticated (the ID tokens' {@code auth_time})
 * @param amr how they authenticated
 * @param lastSeenAt when the session was last used (for the idle limit)
 * @param absoluteExpiresAt the session ends then, however often it is used
 */
public record BrowserSession(
    String hash,
    String userId,
    Instant authTime,
    List<String> amr,
    Instant lastSeenAt,
    Instant absoluteExpiresAt) {

  /** Checks required fields and copies {@code amr}. */
  public BrowserSession {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(authTime, "authTime");
    amr = List.copyOf(amr);
    Objects.requireNonNull(lastSeenAt, "lastSeenAt");
    Objects.requireNonNull(absoluteExpiresAt, "absoluteExpiresAt");
  }

  @Override
  public String toString() {
    return "BrowserSession[user=" + userId + "]";
  }
}
