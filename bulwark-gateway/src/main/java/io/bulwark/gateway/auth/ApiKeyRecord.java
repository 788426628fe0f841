package io.bulwark.gateway.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One stored API key: its id, the SHA-256 of the key (see {@link ApiKeys#hash}), who holds it, the
 * scopes it grants, the rate-limit policy its requests count against, and an optional expiry. Holds
 * no secret.
 *
 * @param id the 16-character id from the key
 * @param sha256 base64url SHA-256 of the whole key (43 characters)
 * @param owner the principal the key acts as (becomes {@code subject})
 * @param scopes scopes granted to requests made with the key
 * @param rateLimitPolicy name of the rate-limit policy for this key, or null for the route's
 * @param expiresAt when the key stops working, or null for never
 */
public record ApiKeyRecord(
    String id,
    String sha256,
    String owner,
    Set<String> scopes,
    String rateLimitPolicy,
    Instant expiresAt) {
  private static final Pattern ID = Pattern.compile("[a-z2-7]{16}");
  private static final Pattern HASH = Pattern.compile("[A-Za-z0-9_-]{43}");

  public ApiKeyRecord {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("API key id must be 16 characters of [a-z2-7]");
    }
    if (sha256 == null || !HASH.matcher(sha256).matches()) {
      throw new IllegalArgumentException("API key hash must be a base64url SHA-256 (43 chars)");
    }
    if (owner == null || owner.isBlank()) {
      throw new IllegalArgumentException("API key owner must not be blank");
    }
    scopes = Set.copyOf(Objects.requireNonNull(scopes, "scopes"));
  }
}
