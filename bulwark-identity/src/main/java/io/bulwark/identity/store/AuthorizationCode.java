package io.bulwark.identity.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A stored authorization code (RFC 6749 §4.1), keyed by the SHA-256 of the code itself.
 *
 * @param codeHash SHA-256 hex of the code
 * @param clientId the client it was issued to
 * @param userId the user who signed in
 * @param redirectUri the exact redirect URI of the request
 * @param scope granted scope (space separated)
 * @param codeChallenge the PKCE S256 challenge
 * @param nonce the OIDC nonce, or null
 * @param authTime when the user authenticated
 * @param expiresAt when the code stops being redeemable
 * @param amr how the user authenticated ({@code pwd}, {@code otp})
 */
public record AuthorizationCode(
    String codeHash,
    String clientId,
    String userId,
    String redirectUri,
    String scope,
    String codeChallenge,
    String nonce,
    Instant authTime,
    Instant expiresAt,
    List<String> amr) {

  /** Checks required fields. */
  public AuthorizationCode {
    Objects.requireNonNull(codeHash, "codeHash");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(redirectUri, "redirectUri");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(codeChallenge, "codeChallenge");
    Objects.requireNonNull(authTime, "authTime");
    Objects.requireNonNull(expiresAt, "expiresAt");
    amr = List.copyOf(amr);
  }
}
