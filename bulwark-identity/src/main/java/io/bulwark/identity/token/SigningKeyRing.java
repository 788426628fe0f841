package io.bulwark.identity.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.identity.store.SigningKeyStore;
import io.bulwark.identity.store.StoredKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys that sign tokens, kept in the identity database. The newest key signs; older keys stay
 * in the JWKS, and keep verifying, until every token they signed has expired. {@link #rotate()}
 * makes a new key that signs at once. When the configured algorithm differs from the newest key's,
 * opening the ring rotates to a key of that algorithm.
 *
 * <p>Thread-safe: readers see an immutable snapshot; rotations are serialized.
 */
public final class SigningKeyRing {
  /** Algorithms a ring can sign with. */
  public static final Set<JWSAlgorithm> SUPPORTED =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);

  private static final Logger LOG = LoggerFactory.getLogger(SigningKeyRing.class);

  private final SigningKeyStore store;
  private final JWSAlgorithm algorithm;
  private final Duration retention;
  private final Clock clock;
  private volatile Snapshot snapshot;

  private record Active(JWK jwk, JWSAlgorithm algorithm, JWSSigner signer, JWSVerifier verifier) {}

  private record Snapshot(Active current, List<Active> all, JWKSet publicSet) {}

  private SigningKeyRing(
      SigningKeyStore store, JWSAlgorithm algorithm, Duration retention, Clock clock) {
    this.store = store;
    this.algorithm = algorithm;
    this.retention = retention;
    this.clock = clock;
  }

  /**
   * Loads the active keys, creating the first one (or rotating to {@code algorithm}) if needed.
   *
   * @param retention how long a replaced key stays published: the longest lifetime of any token it
   *     signed, plus clock skew
   */
  public static SigningKeyRing open(
      SigningKeyStore store, JWSAlgorithm algorithm, Duration retention, Clock clock) {
    if (!SUPPORTED.contains(algorithm)) {
      throw new IllegalArgumentException(
          "signing algorithm must be RS256, ES256 or EdDSA, was " + algorithm);
    }
    SigningKeyRing ring =
        new SigningKeyRing(Objects.requireNonNull(store, "store"), algorithm, retention, clock);
    synchronized (ring) {
      ring.reload();
      Snapshot s = ring.snapshot;
      if (s == null || !algorithm.equals(s.current().algorithm())) {
        ring.rotate();
      }
    }
    TokenSigners.loadNative().thenAccept(provider -> ring.useNativeSigners(provider));
    return ring;
  }

  /** Re-makes the signers once the native provider has loaded (in the background). */
  private void useNativeSigners(java.security.Provider provider) {
    if (provider == null) {
      return;
    }
    try {
      reload();
      LOG.debug("token signers now use {}", provider.getName());
    } catch (RuntimeException e) {
      // The store may be closed by now; signers made from now on use the provider anyway.
      LOG.debug("signers not re-made after the native provider loaded: {}", e.toString());
    }
  }

  /**
   * Makes a new key that signs from now on; every other key is published for {@code retention} more
   * and then dropped. Returns the new key id.
   */
  public synchronized String rotate() {
    Instant now = clock.instant();
    // The newest key signs: make sure the new one sorts after every stored key.
    Instant created = now;
    for (StoredKey existing : store.active(now)) {
      if (!existing.createdAt().isBefore(created)) {
        created = existing.createdAt().plusMillis(1);
      }
    }
    JWK jwk = KeyFactory.generate(algorithm, now);
    store.add(
        new StoredKey(jwk.getKeyID(), algorithm.getName(), jwk.toJSONString(), created, null));
    store.retireAllExcept(jwk.getKeyID(), now.plus(retention));
    store.purgeRetired(now);
    reload();
    LOG.info("Signing key rotated: {} {} now signs", algorithm, jwk.getKeyID());
    return jwk.getKeyID();
  }

  /** Re-reads the keys (after another node rotated them). */
  public synchronized void reload() {
    List<Active> all = new ArrayList<>();
    for (StoredKey stored : store.active(clock.instant())) {
      all.add(activate(stored));
    }
    if (all.isEmpty()) {
      snapshot = null;
      return;
    }
    List<JWK> publicKeys = all.stream().map(a -> a.jwk().toPublicJWK()).toList();
    snapshot = new Snapshot(all.get(all.size() - 1), List.copyOf(all), new JWKSet(publicKeys));
  }

  private static Active activate(StoredKey stored) {
    try {
      JWK jwk = JWK.parse(stored.jwk());
      JWSAlgorithm alg = JWSAlgorithm.parse(stored.algorithm());
      if (jwk instanceof RSAKey rsa) {
        return new Active(jwk, alg, TokenSigners.rsa(rsa), new RSASSAVerifier(rsa.toPublicJWK()));
      }
      if (jwk instanceof ECKey ec) {
        return new Active(jwk, alg, TokenSigners.ec(ec), new ECDSAVerifier(ec.toPublicJWK()));
      }
      if (jwk instanceof OctetKeyPair okp) {
        return new Active(jwk, alg, JdkEd25519.signer(okp), JdkEd25519.verifier(okp));
      }
    } catch (ParseException | JOSEException e) {
      // The message could quote key material: keep the kid and the type only.
      throw new IllegalStateException(
          "stored signing key "
              + stored.kid()
              + " is unusable ("
              + e.getClass().getSimpleName()
              + ")");
    }
    throw new IllegalStateException("stored signing key " + stored.kid() + " has an unknown type");
  }

  /** The algorithm new tokens are signed with. */
  public JWSAlgorithm algorithm() {
    return algorithm;
  }

  /** The key id that signs now. */
  public String currentKeyId() {
    return snapshot.current().jwk().getKeyID();
  }

  /** Public halves of every published key, as served at the JWKS endpoint. */
  public JWKSet publicJwkSet() {
    return snapshot.publicSet();
  }

  /** Signs {@code jwt} (whose header must name {@link #currentKeyId()}) with the current key. */
  void sign(SignedJWT jwt) {
    try {
      jwt.sign(snapshot.current().signer());
    } catch (JOSEException e) {
      throw new IllegalStateException("token signing failed", e);
    }
  }

  /** A header for a new token of this type, naming the current key. */
  JWSHeader.Builder header() {
    Active current = snapshot.current();
    return new JWSHeader.Builder(current.algorithm()).keyID(current.jwk().getKeyID());
  }

  /** Whether {@code jwt} carries a valid signature by one of the published keys. */
  boolean verify(SignedJWT jwt) {
    String kid = jwt.getHeader().getKeyID();
    for (Active key : snapshot.all()) {
      if (key.jwk().getKeyID().equals(kid)
          && key.algorithm().equals(jwt.getHeader().getAlgorithm())) {
        try {
          return jwt.verify(key.verifier());
        } catch (JOSEException | IllegalStateException e) {
          return false;
        }
      }
    }
    return false;
  }

  @Override
  public String toString() {
    Snapshot s = snapshot;
    return "SigningKeyRing[" + algorithm + ", keys=" + (s == null ? 0 : s.all().size()) + "]";
  }
}
