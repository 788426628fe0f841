package io.bulwark.examples.bakery.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.sdk.token.TokenVerifier;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** A stand-in identity server: one RSA key that signs access tokens, and verifiers trusting it. */
public final class TestIdentity {
  public static final String ISSUER = "https://id.bakery.test";

  private static final RSAKey KEY = generate();

  private TestIdentity() {}

  public static TokenVerifier verifier(String audience) {
    return TokenVerifier.builder()
        .issuer(ISSUER)
        .audience(audience)
        .jwkSet(new JWKSet(KEY))
        .build();
  }

  /** An end-user token from the bakery web client. */
  public static String user(String subject, String audience, String... roles) {
    return token(subject, "bakery-web", audience, List.of(roles), Instant.now().plusSeconds(300));
  }

  /** A client-credentials token of a service: subject and client id are the client. */
  public static String service(String clientId, String audience) {
    return token(clientId, clientId, audience, List.of(), Instant.now().plusSeconds(300));
  }

  /**
   * A token that service {@code actor} got by token exchange for {@code subject}'s: the user's
   * subject and roles, client and {@code act.sub} the service (RFC 8693 §4.1).
   */
  public static String delegated(String subject, String actor, String audience, String... roles) {
    return delegated(subject, actor, audience, List.of(roles), Instant.now().plusSeconds(300));
  }

  public static String delegated(
      String subject, String actor, String audience, List<String> roles, Instant expiresAt) {
    return sign(
        claims(subject, actor, audience, roles, expiresAt)
            .claim("act", java.util.Map.of("sub", actor))
            .build());
  }

  public static String token(
      String subject, String clientId, String audience, List<String> roles, Instant expiresAt) {
    return sign(claims(subject, clientId, audience, roles, expiresAt).build());
  }

  private static JWTClaimsSet.Builder claims(
      String subject, String clientId, String audience, List<String> roles, Instant expiresAt) {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject(subject)
        .audience(audience)
        .claim("client_id", clientId)
        .claim("roles", roles)
        .issueTime(new Date())
        .expirationTime(Date.from(expiresAt))
        .jwtID(UUID.randomUUID().toString());
  }

  private static String sign(JWTClaimsSet claims) {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(new JOSEObjectType("at+jwt"))
                .keyID(KEY.getKeyID())
                .build(),
            claims);
    try {
      jwt.sign(new RSASSASigner(KEY));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  private static RSAKey generate() {
    try {
      return new RSAKeyGenerator(2048).keyID("bakery-test").keyUse(KeyUse.SIGNATURE).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
