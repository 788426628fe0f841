package io.bulwark.sdk.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.testkit.JdkEd25519Signer;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

/** Test keys and a minter for signed access tokens. */
final class TestTokens {
  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  static final String ISSUER = "https://id.bulwark.test";
  static final String AUDIENCE = "orders";

  static final RSAKey RSA = rsa("rsa-1");
  static final ECKey EC = ec("ec-1");
  static final Ed25519 ED = Ed25519.generate("ed-1");

  private TestTokens() {}

  static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Claims of a valid token at {@link #NOW}. */
  static JWTClaimsSet.Builder validClaims() {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(List.of(AUDIENCE, "payments"))
        .subject("alice")
        .claim("client_id", "bakery-web")
        .claim("scope", "orders:read orders:write")
        .claim("roles", List.of("customer"))
        .issueTime(Date.from(NOW.minusSeconds(10)))
        .notBeforeTime(Date.from(NOW.minusSeconds(10)))
        .expirationTime(Date.from(NOW.plusSeconds(300)))
        .jwtID("jti-1");
  }

  static String rs256(JWTClaimsSet claims) {
    return sign(RSA, JWSAlgorithm.RS256, new JOSEObjectType("at+jwt"), claims);
  }

  static String rs256(UnaryOperator<JWTClaimsSet.Builder> tweak) {
    return rs256(tweak.apply(validClaims()).build());
  }

  static String sign(JWK key, JWSAlgorithm alg, JOSEObjectType typ, JWTClaimsSet claims) {
    try {
      JWSSigner signer =
          switch (key) {
            case RSAKey rsa -> new RSASSASigner(rsa);
            case ECKey ec -> new ECDSASigner(ec);
            default -> throw new IllegalArgumentException("unsupported key");
          };
      return sign(signer, new JWSHeader.Builder(alg).type(typ).keyID(key.getKeyID()), claims);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sign(JWSSigner signer, JWSHeader.Builder header, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(header.build(), claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An Ed25519 key signed with the JDK (Nimbus's own Ed25519 signer needs Tink). */
  record Ed25519(OctetKeyPair publicJwk, JdkEd25519Signer signer) {
    static Ed25519 generate(String kid) {
      JdkEd25519Signer signer = JdkEd25519Signer.generate();
      return new Ed25519(signer.publicJwk().keyID(kid).keyUse(KeyUse.SIGNATURE).build(), signer);
    }

    String token(JWTClaimsSet claims) {
      return TestTokens.sign(
          signer,
          new JWSHeader.Builder(JWSAlgorithm.EdDSA)
              .type(new JOSEObjectType("at+jwt"))
              .keyID(publicJwk.getKeyID()),
          claims);
    }
  }
}
