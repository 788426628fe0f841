package io.bulwark.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Set;

/**
 * A Nimbus JWS signer over the JDK's Ed25519, so tests can mint EdDSA tokens (Nimbus's own Ed25519
 * signer needs Tink, which Bulwark does not ship). Main code verifies with the SDK's {@code
 * JdkEd25519Verifier}; only tests sign.
 */
public final class JdkEd25519Signer implements JWSSigner {
  private final PrivateKey privateKey;
  private final Base64URL x;
  private final Set<JWSAlgorithm> algorithms;

  private JdkEd25519Signer(PrivateKey privateKey, Base64URL x, Set<JWSAlgorithm> algorithms) {
    this.privateKey = privateKey;
    this.x = x;
    this.algorithms = Set.copyOf(algorithms);
  }

  /** A signer with a fresh Ed25519 key that signs only tokens whose header names EdDSA. */
  public static JdkEd25519Signer generate() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] spki = pair.getPublic().getEncoded();
      byte[] x = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
      return new JdkEd25519Signer(
          pair.getPrivate(), Base64URL.encode(x), Set.of(JWSAlgorithm.EdDSA));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The same key signing with Ed25519 whatever algorithm the header names among {@code algorithms},
   * so tests can forge algorithm-confusion tokens.
   */
  public JdkEd25519Signer signingAs(Set<JWSAlgorithm> algorithms) {
    return new JdkEd25519Signer(privateKey, x, algorithms);
  }

  /** A builder of the public JWK (curve Ed25519 and {@code x} set); add key ID, use and so on. */
  public OctetKeyPair.Builder publicJwk() {
    return new OctetKeyPair.Builder(Curve.Ed25519, x);
  }

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
    return algorithms;
  }

  @Override
  public JCAContext getJCAContext() {
    return new JCAContext();
  }
}
