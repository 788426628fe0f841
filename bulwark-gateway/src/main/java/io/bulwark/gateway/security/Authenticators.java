package io.bulwark.gateway.security;

import io.bulwark.gateway.auth.ApiKeyAuthenticator;
import io.bulwark.gateway.auth.JwtAuthenticator;
import io.bulwark.gateway.auth.MtlsAuthenticator;

/**
 * The credential checkers a gateway has; any may be {@code null} when not configured, but not all.
 *
 * @param jwt bearer JWTs from configured issuers, or {@code null}
 * @param apiKeys API keys ({@code bwk_...}), or {@code null}
 * @param mtls client certificates carrying a SPIFFE ID, or {@code null}
 */
public record Authenticators(
    JwtAuthenticator jwt, ApiKeyAuthenticator apiKeys, MtlsAuthenticator mtls) {
  /** Checks that at least one is there. */
  public Authenticators {
    if (jwt == null && apiKeys == null && mtls == null) {
      throw new IllegalArgumentException("at least one authenticator is required");
    }
  }
}
