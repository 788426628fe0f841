package io.bulwark.identity.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A token signing key as stored: the private JWK (JSON) and its lifecycle.
 *
 * @param kid the key id (RFC 7638 thumbprint)
 * @param algorithm the JWS algorithm name ({@code RS256}, {@code ES256}, {@code EdDSA})
 * @param jwk the private JWK in JSON; never log it
 * @param createdAt when the key was made (the newest key signs)
 * @param retireAfter when the key leaves the JWKS (every token it signed has expired), or null
 */
public record StoredKey(
    String kid, String algorithm, String jwk, Instant createdAt, Instant retireAfter) {

  /** Checks required fields. */
  public StoredKey {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(jwk, "jwk");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Names the key without its material. */
  @Override
  public String toString() {
    return "StoredKey[" + kid + ", " + algorithm + ", created " + createdAt + "]";
  }
}
