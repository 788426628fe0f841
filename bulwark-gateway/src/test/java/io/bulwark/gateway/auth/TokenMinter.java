package io.bulwark.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
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
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] spki = pair.getPublic().getEncoded();
      byte[] x = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
      OctetKeyPair jwk =
          new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x))
              .keyID(kid)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.EdDSA)
              .build();
      return new TokenMinter(issuer, jwk, JWSAlgorithm.EdDSA, new Ed25519Signer(pair.getPrivate()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
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

  /**
   * Signs with whatever algorithm the header names (so tests can forge algorithm confusion), using
   * the JDK's Ed25519.
   */
  private record Ed25519Signer(PrivateKey privateKey) implements JWSSigner {
    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
      try {
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(privateKey);
        signature.update(signingInput);
        return Base64URL.encode(signature.sign());
      } catch (GeneralSecurityException e) {
        throw new JOSEException("Ed25519 signing failed", e);
      }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519, JWSAlgorithm.RS256);
    }

    @Override
    public JCAContext getJCAContext() {
      return new JCAContext();
    }
  }
}
