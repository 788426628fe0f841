package io.bulwark.identity.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class TokenSignersTest {

  @Test
  void usesTheNativeProviderOnLinuxX8664() throws Exception {
    TokenSigners.loadNative().get(60, java.util.concurrent.TimeUnit.SECONDS);
    boolean linuxX8664 =
        System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
            && System.getProperty("os.arch").matches("amd64|x86_64");
    assertThat(TokenSigners.nativeProvider() != null).isEqualTo(linuxX8664);
  }

  @org.junit.jupiter.api.BeforeAll
  static void loadNativeProvider() throws Exception {
    TokenSigners.loadNative().get(60, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void rsaSignaturesVerifyWithTheJdkAndTamperingIsDetected() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("r").generate();
    SignedJWT jwt = sign(TokenSigners.rsa(key), JWSAlgorithm.RS256);

    assertThat(jwt.verify(new RSASSAVerifier(key.toPublicJWK()))).isTrue();
    assertThat(tampered(jwt).verify(new RSASSAVerifier(key.toPublicJWK()))).isFalse();
    RSAKey other = new RSAKeyGenerator(2048).generate();
    assertThat(jwt.verify(new RSASSAVerifier(other.toPublicJWK()))).isFalse();
  }

  @Test
  void ecSignaturesVerifyWithTheJdkAndTamperingIsDetected() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("e").generate();
    for (int i = 0; i < 20; i++) { // ECDSA is randomized: check more than one signature
      SignedJWT jwt = sign(TokenSigners.ec(key), JWSAlgorithm.ES256);
      assertThat(jwt.getSignature().decode()).hasSize(64); // JOSE form, not DER
      assertThat(jwt.verify(new ECDSAVerifier(key.toPublicJWK()))).isTrue();
      assertThat(tampered(jwt).verify(new ECDSAVerifier(key.toPublicJWK()))).isFalse();
    }
  }

  private static SignedJWT sign(JWSSigner signer, JWSAlgorithm alg) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(alg).build(),
            new JWTClaimsSet.Builder().subject("alice").claim("scope", "bakery").build());
    jwt.sign(signer);
    return SignedJWT.parse(jwt.serialize());
  }

  private static SignedJWT tampered(SignedJWT jwt) throws Exception {
    String[] parts = jwt.serialize().split("\\.");
    String claims =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                "{\"sub\":\"mallory\",\"scope\":\"bakery\"}".getBytes(StandardCharsets.UTF_8));
    return SignedJWT.parse(parts[0] + "." + claims + "." + parts[2]);
  }
}
