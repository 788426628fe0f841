package io.bulwark.cli.dev;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Signs RFC 9068 access tokens with the data dir's signing key, for local development only: it lets
 * the demo work before the identity server role exists, and it needs the private key file, so only
 * someone who can read the data dir can use it. Tokens carry {@code typ: at+jwt}, iss, sub, aud,
 * exp, iat, jti, client_id, scope and roles.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9068">RFC 9068</a>
 */
public final class DevTokenIssuer {

  /**
   * Issuer identifier of locally minted tokens; services started by {@code bulwark up} trust it.
   */
  public static final String ISSUER = "urn:bulwark:local";

  /** Default lifetime, as for identity-issued access tokens. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  /** Longest lifetime accepted, so a leaked demo token does not live for days. */
  public static final Duration MAX_TTL = Duration.ofHours(12);

  /** The scope of user tokens unless another is asked for. */
  public static final String DEFAULT_USER_SCOPE = "openid bakery";

  private static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");

  private final RSAKey signingKey;
  private final Clock clock;

  public DevTokenIssuer(RSAKey signingKey, Clock clock) {
    if (!signingKey.isPrivate()) {
      throw new IllegalArgumentException("the signing key has no private part");
    }
    this.signingKey = signingKey;
    this.clock = clock;
  }

  /** A token for a demo user, issued to the {@code bulwark-cli} client, for one audience. */
  public String issueForUser(DemoCredentials.User user, String audience, Duration ttl) {
    return issueForUser(user, audience, ttl, DEFAULT_USER_SCOPE);
  }

  /**
   * A token for a demo user with the given space-separated {@code scope}, such as {@code
   * audit:write} for the audit listener.
   */
  public String issueForUser(
      DemoCredentials.User user, String audience, Duration ttl, String scope) {
    if (!scope.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+( [\\x21\\x23-\\x5B\\x5D-\\x7E]+)*")) {
      throw new IllegalArgumentException("scope must be space-separated scope tokens (RFC 6749)");
    }
    return sign(
        user.username(),
        DemoCredentials.CLI_CLIENT_ID,
        audience,
        ttl,
        new JWTClaimsSet.Builder()
            .claim("scope", scope)
            .claim("roles", user.roles())
            .claim("tenant", user.tenant()));
  }

  /** A client-credentials style token for a service calling another service. */
  public String issueForService(String clientId, String audience, Duration ttl) {
    return sign(
        clientId,
        clientId,
        audience,
        ttl,
        new JWTClaimsSet.Builder().claim("scope", "bakery").claim("roles", List.of("service")));
  }

  private String sign(
      String subject, String clientId, String audience, Duration ttl, JWTClaimsSet.Builder claims) {
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("token lifetime must be between 1s and " + MAX_TTL);
    }
    Instant now = clock.instant();
    JWTClaimsSet set =
        claims
            .issuer(ISSUER)
            .subject(subject)
            .audience(audience)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .jwtID(UUID.randomUUID().toString())
            .claim("client_id", clientId)
            .build();
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.RS256)
            .type(ACCESS_TOKEN_TYPE)
            .keyID(signingKey.getKeyID())
            .build();
    SignedJWT jwt = new SignedJWT(header, set);
    try {
      jwt.sign(new RSASSASigner(signingKey));
    } catch (JOSEException e) {
      throw new IllegalStateException("signing failed", e);
    }
    return jwt.serialize();
  }
}
