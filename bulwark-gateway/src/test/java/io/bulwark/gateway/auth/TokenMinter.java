package io.bulwark.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Signs test access tokens the way an issuer would, with knobs for every attack. */
public final class TokenMinter {
  private final String issuer;
  private final RSAKey key;

  public TokenMinter(String issuer, RSAKey key) {
    this.issuer = issuer;
    this.key = key;
  }

  public static RSAKey newKey(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public RSAKey key() {
    return key;
  }

  /** Claims of a valid token issued at {@code now}, valid for 10 minutes. */
  public JWTClaimsSet.Builder claims(Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject("alice")
        .audience(List.of("bakery"))
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
        .jwtID(UUID.randomUUID().toString())
        .claim("client_id", "shop-web")
        .claim("sid", "session-1")
        .claim("scope", "orders:read orders:write")
        .claim("roles", List.of("customer"));
  }

  public String mint(Instant now) {
    return mint(claims(now).build());
  }

  public String mint(JWTClaimsSet claims) {
    return mint(claims, h -> h);
  }

  public String mint(JWTClaimsSet claims, UnaryOperator<JWSHeader.Builder> header) {
    JWSHeader.Builder builder =
        new JWSHeader.Builder(JWSAlgorithm.RS256)
            .type(new JOSEObjectType("at+jwt"))
            .keyID(key.getKeyID());
    SignedJWT jwt = new SignedJWT(header.apply(builder).build(), claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }
}
