package io.bulwark.cli.up;

import io.bulwark.sdk.token.TokenVerifier;
import java.net.URI;
import java.time.Clock;
import javax.net.ssl.SSLContext;

/**
 * How the roles of a local {@code bulwark up} trust the identity server: its issuer, and its JWK
 * set fetched over HTTPS from its local listener (trusting the listeners' CA). Keys are fetched on
 * first use and cached, so roles can start before the identity server has.
 *
 * @param issuer the {@code iss} of the identity server's tokens
 * @param jwkSetUri where its public signing keys are served
 * @param tls trusts the identity server's certificate
 * @param clock checks token times
 */
record IdentityTrust(String issuer, URI jwkSetUri, SSLContext tls, Clock clock) {

  /** Accepts the identity server's tokens for {@code audience}. */
  TokenVerifier forAudience(String audience) {
    return TokenVerifier.builder()
        .issuer(issuer)
        .audience(audience)
        .jwkSetUri(jwkSetUri, tls.getSocketFactory())
        .clock(clock)
        .build();
  }
}
