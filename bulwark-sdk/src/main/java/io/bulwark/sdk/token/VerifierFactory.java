package io.bulwark.sdk.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import java.security.Key;
import java.security.interfaces.EdECPublicKey;
import java.util.HashSet;
import java.util.Set;

/**
 * JWS verifiers for access tokens: Nimbus's for RSA and EC keys, the JDK's Ed25519 ({@link
 * JdkEd25519Verifier}) for {@code EdDSA}/{@code Ed25519} tokens, which must then come with an
 * Ed25519 key. Shared by the SDK's {@link TokenVerifier} and the gateway.
 */
public final class VerifierFactory implements JWSVerifierFactory {
  private final DefaultJWSVerifierFactory nimbus = new DefaultJWSVerifierFactory();

  @Override
  public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
    if (isEd25519(header.getAlgorithm())) {
      if (key instanceof EdECPublicKey edKey) {
        return new JdkEd25519Verifier(edKey);
      }
      throw new JOSEException("an Ed25519 signature needs an Ed25519 key");
    }
    return nimbus.createJWSVerifier(header, key);
  }

  /** Whether {@code alg} names an Ed25519 signature ({@code EdDSA} or {@code Ed25519}). */
  public static boolean isEd25519(JWSAlgorithm alg) {
    return JWSAlgorithm.EdDSA.equals(alg) || JWSAlgorithm.Ed25519.equals(alg);
  }

  @Override
  public Set<JWSAlgorithm> supportedJWSAlgorithms() {
    Set<JWSAlgorithm> all = new HashSet<>(nimbus.supportedJWSAlgorithms());
    all.add(JWSAlgorithm.EdDSA);
    all.add(JWSAlgorithm.Ed25519);
    return all;
  }

  @Override
  public JCAContext getJCAContext() {
    return nimbus.getJCAContext();
  }
}
