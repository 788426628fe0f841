package io.bulwark.core.crypto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.bulwark.core.fs.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private keys that sign tokens, kept as a JWK set (<a
 * href="https://www.rfc-editor.org/rfc/rfc7517">RFC 7517</a>) in one JSON file with mode 0600,
 * written atomically. A new file holds one RSA 2048 key with {@code alg} RS256, {@code use} sig,
 * {@code iat}, and {@code kid} its <a href="https://www.rfc-editor.org/rfc/rfc7638">RFC 7638</a>
 * thumbprint, so the kid stays the same on every reload.
 *
 * <p>Loading is strict: every key must be a private RSA signing key for RS256 with a kid equal to
 * its thumbprint and an issue time. A key file that group or others can access is <b>refused</b>
 * (not silently tightened), as OpenSSH does: the keys may already be exposed, and an operator
 * should decide between {@code chmod 600} and replacing the keys.
 *
 * <p>Immutable and thread-safe.
 */
public final class SigningKeys {

  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
  private static final int MIN_RSA_BITS = 2048;

  private final Path file;
  private final JWKSet keys;
  private final RSAKey current;

  private SigningKeys(Path file, JWKSet keys) {
    this.file = file;
    this.keys = keys;
    this.current = newest(keys);
  }

  /**
   * Loads the key set from {@code file}, or creates it with one new key issued at {@code clock}'s
   * time.
   *
   * @throws CryptoFileException naming the file, if it is unsafe, malformed or holds an
   *     unacceptable key
   */
  public static SigningKeys loadOrCreate(Path file, Clock clock) throws IOException {
    Objects.requireNonNull(clock, "clock");
    if (Files.exists(file)) {
      return load(file);
    }
    RSAKey key;
    try {
      key =
          new RSAKeyGenerator(MIN_RSA_BITS)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.RS256)
              .keyIDFromThumbprint(true)
              .issueTime(Date.from(clock.instant()))
              .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("could not generate an RSA key", e);
    }
    JWKSet set = new JWKSet(key);
    AtomicFiles.write(file, set.toString(false).getBytes(StandardCharsets.UTF_8), true);
    LOG.info("Created signing key {} in {}", key.getKeyID(), file);
    return new SigningKeys(file, set);
  }

  private static SigningKeys load(Path file) throws CryptoFileException {
    SecureFiles.requireOwnerOnly(file);
    byte[] content = SecureFiles.readBounded(file);
    JWKSet set;
    try {
      set = JWKSet.parse(new String(content, StandardCharsets.UTF_8));
    } catch (ParseException | RuntimeException e) {
      // The parser's message may quote the file, which holds private keys: keep only the type.
      throw new CryptoFileException(
          file, "not a valid JWK set (" + e.getClass().getSimpleName() + ")");
    } finally {
      Arrays.fill(content, (byte) 0);
    }
    if (set.getKeys().isEmpty()) {
      throw new CryptoFileException(file, "JWK set holds no keys");
    }
    for (JWK jwk : set.getKeys()) {
      String problem = problemWith(jwk);
      if (problem != null) {
        throw new CryptoFileException(file, "key " + jwk.getKeyID() + ": " + problem);
      }
    }
    return new SigningKeys(file, set);
  }

  private static String problemWith(JWK jwk) {
    if (!(jwk instanceof RSAKey rsa)) {
      return "not an RSA key";
    }
    if (!rsa.isPrivate()) {
      return "has no private part";
    }
    if (rsa.size() < MIN_RSA_BITS) {
      return "shorter than " + MIN_RSA_BITS + " bits";
    }
    if (!KeyUse.SIGNATURE.equals(rsa.getKeyUse())) {
      return "use is not sig";
    }
    if (!JWSAlgorithm.RS256.equals(rsa.getAlgorithm())) {
      return "alg is not RS256";
    }
    if (rsa.getIssueTime() == null) {
      return "has no iat";
    }
    try {
      if (!rsa.computeThumbprint().toString().equals(rsa.getKeyID())) {
        return "kid is not the RFC 7638 thumbprint";
      }
    } catch (JOSEException e) {
      return "thumbprint cannot be computed";
    }
    return null;
  }

  private static RSAKey newest(JWKSet set) {
    RSAKey newest = null;
    for (JWK jwk : set.getKeys()) {
      if (newest == null || !jwk.getIssueTime().before(newest.getIssueTime())) {
        newest = (RSAKey) jwk;
      }
    }
    return newest;
  }

  /** The key to sign with now: the one issued last. Includes the private part. */
  public RSAKey current() {
    return current;
  }

  /** All keys, private parts included, newest last as stored. */
  public List<RSAKey> keys() {
    List<RSAKey> all = new ArrayList<>();
    for (JWK jwk : keys.getKeys()) {
      all.add((RSAKey) jwk);
    }
    return List.copyOf(all);
  }

  /** The public halves of all keys, as served at a JWKS endpoint. Never holds private parts. */
  public JWKSet publicJwkSet() {
    return keys.toPublicJWKSet();
  }

  /** The file the keys are stored in. */
  public Path file() {
    return file;
  }

  /** Names the keys without any key material. */
  @Override
  public String toString() {
    return "SigningKeys[current=" + current.getKeyID() + ", keys=" + keys.size() + "]";
  }
}
