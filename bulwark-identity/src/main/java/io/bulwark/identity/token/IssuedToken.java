package io.bulwark.identity.token;

import java.time.Instant;

/**
 * A signed token and the facts about it the issuer needs afterwards.
 *
 * @param value the compact JWS
 * @param jti its id
 * @param issuedAt {@code iat}
 * @param expiresAt {@code exp}
 */
public record IssuedToken(String value, String jti, Instant issuedAt, Instant expiresAt) {

  /** Names the token by id only. */
  @Override
  public String toString() {
    return "IssuedToken[jti=" + jti + ", exp=" + expiresAt + "]";
  }
}
