package io.bulwark.cli.up;

import io.bulwark.policy.Principal;
import io.bulwark.policy.api.PrincipalResolver;
import io.bulwark.policy.api.RejectedCredentialsException;
import io.bulwark.sdk.token.InvalidTokenException;
import io.bulwark.sdk.token.TokenVerifier;
import io.bulwark.sdk.token.VerifiedToken;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves the bearer tokens that proxies forward to the decision API with the SDK's token
 * verifiers: {@code sub} becomes the principal id, the {@code roles} claim its roles, and every
 * other non-registered claim ({@code client_id}, {@code scope}, {@code tenant}, {@code amr}...) an
 * attribute. A token is accepted when any one verifier (one per audience the proxy fronts) accepts
 * it.
 */
final class TokenPrincipalResolver implements PrincipalResolver {
  private static final Set<String> NOT_ATTRIBUTES =
      Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti", "roles");

  private final List<TokenVerifier> verifiers;

  TokenPrincipalResolver(List<TokenVerifier> verifiers) {
    if (verifiers.isEmpty()) {
      throw new IllegalArgumentException("at least one verifier is required");
    }
    this.verifiers = List.copyOf(verifiers);
  }

  @Override
  public Optional<Principal> resolve(String bearerToken) throws RejectedCredentialsException {
    InvalidTokenException first = null;
    for (TokenVerifier verifier : verifiers) {
      try {
        return Optional.of(principal(verifier.verify(bearerToken)));
      } catch (InvalidTokenException e) {
        first = first == null ? e : first;
      }
    }
    throw new RejectedCredentialsException(first.reason().description());
  }

  private static Principal principal(VerifiedToken token) throws RejectedCredentialsException {
    Map<String, Object> attr = new LinkedHashMap<>();
    token
        .claims()
        .forEach((name, value) -> {
          if (!NOT_ATTRIBUTES.contains(name)) {
            attr.put(name, value);
          }
        });
    try {
      return new Principal(token.subject(), token.roles(), attr, Optional.empty());
    } catch (IllegalArgumentException e) {
      throw new RejectedCredentialsException("the token's claims cannot be used as attributes");
    }
  }
}
