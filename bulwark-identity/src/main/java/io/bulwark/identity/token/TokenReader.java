package io.bulwark.identity.token;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks access tokens this server issued: a JWS with {@code typ at+jwt}, signed by a published key
 * of the ring, with this issuer and not expired. Revocation is the caller's second check.
 * Thread-safe.
 */
public final class TokenReader {
  /** Longest token accepted, in characters; longer input is rejected before parsing. */
  public static final int MAX_TOKEN_LENGTH = 8 * 1024;

  private final URI issuer;
  private final SigningKeyRing keys;
  private final Clock clock;

  public TokenReader(URI issuer, SigningKeyRing keys, Clock clock) {
    this.issuer = issuer;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * The claims of an ID token this server signed (with a key still published), expired or not, as
   * OIDC RP-Initiated Logout allows for {@code id_token_hint}; empty for anything else.
   */
  public Optional<JWTClaimsSet> idTokenHint(String compact) {
    if (compact == null || compact.isEmpty() || compact.length() > MAX_TOKEN_LENGTH) {
      return Optional.empty();
    }
    try {
      JWT jwt = JWTParser.parse(compact);
      if (!(jwt instanceof SignedJWT signed)
          || !com.nimbusds.jose.JOSEObjectType.JWT.equals(signed.getHeader().getType())
          || !keys.verify(signed)) {
        return Optional.empty();
      }
      JWTClaimsSet claims = signed.getJWTClaimsSet();
      if (!issuer.toString().equals(claims.getIssuer()) || claims.getSubject() == null) {
        return Optional.empty();
      }
      return Optional.of(claims);
    } catch (ParseException e) {
      return Optional.empty();
    }
  }

  /** The claims of a valid, unexpired access token of ours; empty for anything else. */
  public Optional<JWTClaimsSet> accessToken(String compact) {
    if (compact == null || compact.isEmpty() || compact.length() > MAX_TOKEN_LENGTH) {
      return Optional.empty();
    }
    try {
      JWT jwt = JWTParser.parse(compact);
      if (!(jwt instanceof SignedJWT signed)
          || !TokenMinter.ACCESS_TOKEN_TYPE.equals(signed.getHeader().getType())
          || !keys.verify(signed)) {
        return Optional.empty();
      }
      JWTClaimsSet claims = signed.getJWTClaimsSet();
      Instant now = clock.instant();
      if (!issuer.toString().equals(claims.getIssuer())
          || claims.getExpirationTime() == null
          || !claims.getExpirationTime().toInstant().isAfter(now)
          || claims.getJWTID() == null
          || claims.getSubject() == null) {
        return Optional.empty();
      }
      return Optional.of(claims);
    } catch (ParseException e) {
      return Optional.empty();
    }
  }
}
