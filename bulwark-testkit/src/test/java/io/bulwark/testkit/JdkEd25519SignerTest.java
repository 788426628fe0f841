package io.bulwark.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.OctetKeyPair;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JdkEd25519SignerTest {

  @Test
  void signaturesVerifyWithThePublishedJwk() throws Exception {
    JdkEd25519Signer signer = JdkEd25519Signer.generate();
    JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.EdDSA), new Payload("hello"));

    jws.sign(signer);

    assertThat(verifies(signer.publicJwk().keyID("k").build(), jws)).isTrue();
    assertThat(verifies(JdkEd25519Signer.generate().publicJwk().build(), jws)).isFalse();
  }

  @Test
  void signsOtherHeaderAlgorithmsOnlyWhenAskedTo() throws Exception {
    JdkEd25519Signer signer = JdkEd25519Signer.generate();

    assertThatThrownBy(
            () -> new JWSObject(new JWSHeader(JWSAlgorithm.RS256), new Payload("x")).sign(signer))
        .isInstanceOf(JOSEException.class);

    JWSObject forged = new JWSObject(new JWSHeader(JWSAlgorithm.RS256), new Payload("x"));
    forged.sign(signer.signingAs(Set.of(JWSAlgorithm.RS256)));
    assertThat(verifies(signer.publicJwk().build(), forged)).isTrue();
  }

  private static boolean verifies(OctetKeyPair jwk, JWSObject jws) throws Exception {
    byte[] spki =
        HexFormat.of()
            .parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(jwk.getX().decode()));
    PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    Signature signature = Signature.getInstance("Ed25519");
    signature.initVerify(key);
    signature.update(jws.getSigningInput());
    return signature.verify(jws.getSignature().decode());
  }
}
