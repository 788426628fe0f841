package io.bulwark.identity.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import io.bulwark.sdk.token.JdkEd25519Verifier;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

/**
 * Ed25519 JWS signing and verification (RFC 8037) with the JDK's EdDSA provider, so the optional
 * Tink library Nimbus would use is not needed.
 */
final class JdkEd25519 {
  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.EdDSA);

  /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw key follows. */
  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private JdkEd25519() {}

  static PrivateKey privateKey(OctetKeyPair key) throws JOSEException {
    byte[] d = key.getDecodedD();
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, d));
    } catch (GeneralSecurityException e) {
      throw new JOSEException("not an Ed25519 private key", e);
    } finally {
      Arrays.fill(d, (byte) 0);
    }
  }

  static PublicKey publicKey(OctetKeyPair key) throws JOSEException {
    byte[] x = key.getDecodedX();
    byte[] der = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + x.length);
    System.arraycopy(x, 0, der, X509_PREFIX.length, x.length);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new JOSEException("not an Ed25519 public key", e);
    }
  }

  static JWSSigner signer(OctetKeyPair key) throws JOSEException {
    PrivateKey privateKey = privateKey(key);
    JCAContext context = new JCAContext();
    return new JWSSigner() {
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
        return ALGORITHMS;
      }

      @Override
      public JCAContext getJCAContext() {
        return context;
      }
    };
  }

  static JWSVerifier verifier(OctetKeyPair key) throws JOSEException {
    return new JdkEd25519Verifier(publicKey(key));
  }
}
