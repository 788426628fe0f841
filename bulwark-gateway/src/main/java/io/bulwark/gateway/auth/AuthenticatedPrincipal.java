package io.bulwark.gateway.auth;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who a request comes from, after authentication. The same shape for every {@link AuthMethod}, so
 * revocation, policy and rate limits need not care how the caller proved it. Immutable.
 *
 * @param method how the caller authenticated
 * @param issuer the token issuer, or null for API keys and mTLS
 * @param subject the {@code sub} claim, the API key owner, or the SPIFFE ID
 * @param clientId the OAuth client ({@code client_id} or {@code azp}), the API key id, or the
 *     SPIFFE ID; may be null for tokens that carry neither
 * @param scopes granted scopes (from {@code scope} or {@code scp}, or the API key's scopes)
 * @param roles roles from the {@code roles} claim
 * @param claims all token claims (empty for other methods)
 * @param tokenId {@code jti}, or null
 * @param sessionId {@code sid}, or null
 * @param issuedAt {@code iat}, or null
 * @param expiresAt {@code exp} or the certificate's notAfter, or null (API keys without expiry)
 * @param certificateThumbprint base64url SHA-256 of the client certificate when the token is bound
 *     to it or the principal came from mTLS, else null
 */
public record AuthenticatedPrincipal(
    AuthMethod method,
    String issuer,
    String subject,
    String clientId,
    Set<String> scopes,
    Set<String> roles,
    Map<String, Object> claims,
    String tokenId,
    String sessionId,
    Instant issuedAt,
    Instant expiresAt,
    String certificateThumbprint) {

  public AuthenticatedPrincipal {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(subject, "subject");
    scopes = Set.copyOf(scopes);
    roles = Set.copyOf(roles);
    claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
  }

  /** Whether {@code scope} was granted. */
  public boolean hasScope(String scope) {
    return scopes.contains(scope);
  }

  /** A copy marked as authenticated by {@code newMethod}, with the certificate thumbprint. */
  AuthenticatedPrincipal withBinding(AuthMethod newMethod, String thumbprint) {
    return new AuthenticatedPrincipal(
        newMethod,
        issuer,
        subject,
        clientId,
        scopes,
        roles,
        claims,
        tokenId,
        sessionId,
        issuedAt,
        expiresAt,
        thumbprint);
  }
}
