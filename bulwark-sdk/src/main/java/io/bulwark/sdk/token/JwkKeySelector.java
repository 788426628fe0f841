package io.bulwark.sdk.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Picks the public keys that may have signed a JWS: same {@code kid}, key type and curve as the
 * algorithm demands, usable for signatures, and only for allowed algorithms. Unlike Nimbus's {@code
 * JWSVerificationKeySelector} it also converts Ed25519 {@code OKP} keys, to JDK keys.
 */
final class JwkKeySelector implements JWSKeySelector<SecurityContext> {
  private static final byte[] ED25519_SPKI_PREFIX =
      HexFormat.of().parseHex("302a300506032b6570032100");

  private final JWKSource<SecurityContext> source;
  private final Set<JWSAlgorithm> allowed;

  JwkKeySelector(JWKSource<SecurityContext> source, Set<JWSAlgorithm> allowed) {
    this.source = source;
    this.allowed = allowed;
  }

  @Override
  public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context)
      throws KeySourceException {
    JWSAlgorithm alg = header.getAlgorithm();
    if (!allowed.contains(alg)) {
      return List.of();
    }
    JWKMatcher.Builder matcher =
        new JWKMatcher.Builder()
            .keyUses(KeyUse.SIGNATURE, null)
            .algorithms(alg, null)
            .publicOnly(false);
    if (header.getKeyID() != null) {
      matcher.keyID(header.getKeyID());
    }
    if (JWSAlgorithm.Family.RSA.contains(alg)) {
      matcher.keyType(KeyType.RSA);
    } else if (JWSAlgorithm.Family.EC.contains(alg)) {
      matcher.keyType(KeyType.EC).curves(Curve.forJWSAlgorithm(alg));
    } else if (VerifierFactory.isEd25519(alg)) {
      matcher.keyType(KeyType.OKP).curve(Curve.Ed25519);
    } else {
      return List.of();
    }
    List<Key> keys = new ArrayList<>();
    for (JWK jwk : source.get(new JWKSelector(matcher.build()), context)) {
      try {
        keys.add(publicKey(jwk));
      } catch (JOSEException | GeneralSecurityException e) {
        // A malformed key in the set can't verify anything; skip it like Nimbus does.
      }
    }
    return keys;
  }

  private static PublicKey publicKey(JWK jwk) throws JOSEException, GeneralSecurityException {
    if (jwk instanceof RSAKey rsa) {
      return rsa.toRSAPublicKey();
    }
    if (jwk instanceof ECKey ec) {
      return ec.toECPublicKey();
    }
    if (jwk instanceof OctetKeyPair okp) {
      byte[] x = okp.getDecodedX();
      byte[] spki = new byte[ED25519_SPKI_PREFIX.length + x.length];
      System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
      System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, x.length);
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }
    throw new JOSEException("unsupported key type");
  }
}
