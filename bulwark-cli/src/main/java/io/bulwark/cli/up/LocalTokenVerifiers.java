package io.bulwark.cli.up;

import io.bulwark.cli.dev.DevTokenIssuer;
import io.bulwark.core.crypto.SigningKeys;
import io.bulwark.sdk.token.TokenVerifier;
import java.time.Clock;

/** Verifiers for the tokens of a local {@code bulwark up}: its issuer and its signing keys. */
final class LocalTokenVerifiers {
  private LocalTokenVerifiers() {}

  /** Accepts tokens of the local issuer for {@code audience}. */
  static TokenVerifier forAudience(SigningKeys keys, String audience, Clock clock) {
    return TokenVerifier.builder()
        .issuer(DevTokenIssuer.ISSUER)
        .audience(audience)
        .jwkSet(keys.publicJwkSet())
        .clock(clock)
        .build();
  }
}
