package io.bulwark.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import io.bulwark.sdk.token.JdkEd25519Verifier;
import java.security.Key;
import java.security.interfaces.EdECPublicKey;
import java.util.HashSet;
import java.util.Set;

/**
 * Nimbus's verifiers for RSA and EC keys, the SDK's {@link JdkEd25519Verifier} (the JDK's own
 * Ed25519) for Ed25519 keys, so EdDSA needs no Tink.
 */
final class IssuerVerifierFactory implements JWSVerifierFactory {
  private final DefaultJWSVerifierFactory nimbus = new DefaultJWSVerifierFactory();

  @Override
  public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
    if (IssuerKeySelector.isEd25519(header.getAlgorithm())) {
      if (key instanceof EdECPublicKey edKey) {
        return new JdkEd25519Verifier(edKey);
      }
      throw new JOSEException("an Ed25519 signature needs an Ed25519 key");
    }
    return nimbus.createJWSVerifier(header, key);
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
