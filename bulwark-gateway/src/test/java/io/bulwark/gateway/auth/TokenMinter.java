package io.bulwark.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.testkit.JdkEd25519Signer;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Signs test access tokens the way an issuer would, with knobs for every attack. */
public final class TokenMinter {
  private final String issuer;
  private final JWK key;
  private final JWSAlgorithm algorithm;
  private final JWSSigner signer;

  /** An RS256 minter with {@code key}. */
  public TokenMinter(String issuer, RSAKey key) {
    this(issuer, key, JWSAlgorithm.RS256, rsaSigner(key));
  }

  private TokenMinter(String issuer, JWK key, JWSAlgorithm algorithm, JWSSigner signer) {
    this.issuer = issuer;
    this.key = key;
    this.algorithm = algorithm;
    this.signer = signer;
  }

  /** An EdDSA minter with a fresh Ed25519 key (signed by the JDK: Nimbus's needs Tink). */
  public static TokenMinter ed25519(String issuer, String kid) {
    // Signs with whatever algorithm the header names, so tests can forge algorithm confusion.
    JdkEd25519Signer signer =
        JdkEd25519Signer.generate()
            .signingAs(Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519, JWSAlgorithm.RS256));
    OctetKeyPair jwk =
        signer
            .publicJwk()
            .keyID(kid)
            .keyUse(KeyUse.SIGNATURE)
            .algorithm(JWSAlgorithm.EdDSA)
            .build();
    return new TokenMinter(issuer, jwk, JWSAlgorithm.EdDSA, signer);
  }

  public static RSAKey newKey(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The RSA key of an RS256 minter. */
  public RSAKey key() {
    return (RSAKey) key;
  }

  /** The public JWK to publish. */
  public JWK publicJwk() {
    return key.toPublicJWK();
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
        new JWSHeader.Builder(algorithm).type(new JOSEObjectType("at+jwt")).keyID(key.getKeyID());
    SignedJWT jwt = new SignedJWT(header.apply(builder).build(), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  private static JWSSigner rsaSigner(RSAKey key) {
    try {
      return new RSASSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
