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

/** Nimbus's verifiers for RSA and EC keys, the JDK for Ed25519 keys. */
final class VerifierFactory implements JWSVerifierFactory {
  private final DefaultJWSVerifierFactory nimbus = new DefaultJWSVerifierFactory();

  @Override
  public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
    if (key instanceof EdECPublicKey edKey && TokenVerifier.isEd25519(header.getAlgorithm())) {
      return new JdkEd25519Verifier(edKey);
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
