package io.bulwark.identity.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Signs access tokens (RFC 9068: {@code typ at+jwt}) and ID tokens (OIDC Core §2) with the ring's
 * current key. Thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9068#section-2">RFC 9068 §2</a>
 */
public final class TokenMinter {
  /** The JOSE {@code typ} of access tokens. */
  public static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");

  private final URI issuer;
  private final SigningKeyRing keys;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public TokenMinter(URI issuer, SigningKeyRing keys, Clock clock) {
    this.issuer = issuer;
    this.keys = keys;
    this.clock = clock;
  }

  /** Signs an access token as {@code spec} says. */
  public IssuedToken accessToken(AccessTokenSpec spec) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant exp = now.plus(spec.ttl());
    String jti = newId();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
    spec.claims().forEach(claims::claim);
    claims
        .issuer(issuer.toString())
        .subject(spec.subject())
        .audience(spec.audiences())
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(exp))
        .jwtID(jti)
        .claim("client_id", spec.clientId());
    if (!spec.scope().isEmpty()) {
      claims.claim("scope", spec.scope());
    }
    if (!spec.roles().isEmpty()) {
      claims.claim("roles", spec.roles());
    }
    if (spec.sessionId() != null) {
      claims.claim("sid", spec.sessionId());
    }
    if (spec.authTime() != null) {
      claims.claim("auth_time", spec.authTime().getEpochSecond());
    }
    if (!spec.amr().isEmpty()) {
      claims.claim("amr", spec.amr());
    }
    if (spec.actor() != null) {
      claims.claim("act", Map.of("sub", spec.actor()));
    }
    return sign(claims.build(), ACCESS_TOKEN_TYPE, jti, now, exp);
  }

  /**
   * Signs an OIDC ID token for {@code subject} at {@code clientId}.
   *
   * @param nonce the request's nonce, or null
   * @param claims further claims (profile claims), may be empty
   */
  public IssuedToken idToken(
      String subject,
      String clientId,
      String sessionId,
      Instant authTime,
      List<String> amr,
      String nonce,
      Map<String, Object> claims,
      Duration ttl) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant exp = now.plus(ttl);
    String jti = newId();
    JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
    claims.forEach(builder::claim);
    builder
        .issuer(issuer.toString())
        .subject(subject)
        .audience(clientId)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(exp))
        .jwtID(jti)
        .claim("azp", clientId)
        .claim("auth_time", authTime.getEpochSecond());
    if (sessionId != null) {
      builder.claim("sid", sessionId);
    }
    if (nonce != null) {
      builder.claim("nonce", nonce);
    }
    if (!amr.isEmpty()) {
      builder.claim("amr", amr);
    }
    return sign(builder.build(), JOSEObjectType.JWT, jti, now, exp);
  }

  private IssuedToken sign(
      JWTClaimsSet claims, JOSEObjectType type, String jti, Instant now, Instant exp) {
    SignedJWT jwt = new SignedJWT(keys.header().type(type).build(), claims);
    keys.sign(jwt);
    return new IssuedToken(jwt.serialize(), jti, now, exp);
  }

  private String newId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
