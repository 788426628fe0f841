package io.bulwark.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import io.bulwark.sdk.token.VerifierFactory;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Picks the keys of an issuer's cached JWK set that may have verified a JWS: only for a pinned
 * algorithm, and only keys of the type (and curve) that algorithm demands. RSA and EC keys are
 * selected by Nimbus's {@link JWSVerificationKeySelector}; Ed25519 {@code OKP} keys (RFC 8037),
 * which Nimbus would need Tink for, are matched here and converted to JDK keys.
 */
final class IssuerKeySelector implements JWSKeySelector<SecurityContext> {
  /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw 32-byte key follows. */
  private static final byte[] ED25519_SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private final Set<JWSAlgorithm> allowed;
  private final Supplier<JWKSet> keys;
  private final JWSVerificationKeySelector<SecurityContext> rsaAndEc;

  IssuerKeySelector(Set<JWSAlgorithm> allowed, Supplier<JWKSet> keys) {
    this.allowed = Set.copyOf(allowed);
    this.keys = keys;
    this.rsaAndEc =
        new JWSVerificationKeySelector<>(
            this.allowed, (selector, context) -> selector.select(keys.get()));
  }

  /** Whether {@code alg} is an Ed25519 signature algorithm ({@code EdDSA} or {@code Ed25519}). */
  /**
   * The JWKs of {@code set} that may have signed a JWS with {@code header}: same {@code kid}, a
   * signature key of the algorithm's type and curve. Empty for an algorithm of no known family.
   */
  static List<JWK> candidates(JWSHeader header, JWKSet set) {
    JWKMatcher matcher = matcher(header);
    return matcher == null ? List.of() : new JWKSelector(matcher).select(set);
  }

  private static JWKMatcher matcher(JWSHeader header) {
    JWSAlgorithm alg = header.getAlgorithm();
    if (VerifierFactory.isEd25519(alg)) {
      return new JWKMatcher.Builder()
          .keyType(KeyType.OKP)
          .curve(Curve.Ed25519)
          .keyID(header.getKeyID())
          .keyUses(KeyUse.SIGNATURE, null)
          .algorithms(alg, null)
          .build();
    }
    if (JWSAlgorithm.Family.RSA.contains(alg) || JWSAlgorithm.Family.EC.contains(alg)) {
      return JWKMatcher.forJWSHeader(header);
    }
    return null;
  }

  @Override
  public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context)
      throws KeySourceException {
    JWSAlgorithm alg = header.getAlgorithm();
    if (!allowed.contains(alg)) {
      return List.of();
    }
    if (!VerifierFactory.isEd25519(alg)) {
      return rsaAndEc.selectJWSKeys(header, context);
    }
    List<Key> selected = new ArrayList<>();
    for (JWK jwk : candidates(header, keys.get())) {
      try {
        selected.add(ed25519PublicKey((OctetKeyPair) jwk));
      } catch (GeneralSecurityException | JOSEException e) {
        // A malformed key can verify nothing; skip it as Nimbus does for RSA and EC.
      }
    }
    return selected;
  }

  /** The JDK public key of an Ed25519 {@code OKP} JWK (its {@code x} wrapped as SPKI). */
  static PublicKey ed25519PublicKey(OctetKeyPair jwk)
      throws GeneralSecurityException, JOSEException {
    byte[] x = jwk.getDecodedX();
    if (x.length != 32) {
      throw new JOSEException("an Ed25519 public key has 32 bytes");
    }
    byte[] spki = new byte[ED25519_SPKI_PREFIX.length + x.length];
    System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
    System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, x.length);
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
  }
}
