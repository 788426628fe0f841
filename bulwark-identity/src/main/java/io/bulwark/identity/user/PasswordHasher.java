package io.bulwark.identity.user;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Hashes passwords with Argon2id (RFC 9106) through password4j, with OWASP's recommended minimum
 * parameters: {@value #MEMORY_KIB} KiB of memory, {@value #ITERATIONS} iterations, parallelism
 * {@value #PARALLELISM}, a 16-byte random salt and a {@value #HASH_BYTES}-byte output, stored in
 * the PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}). Verification reads the
 * parameters from the stored hash, so raising them later keeps old hashes valid. Thread-safe.
 */
public final class PasswordHasher {
  /** Memory cost in KiB (19 MiB). */
  public static final int MEMORY_KIB = 19_456;

  /** Time cost (passes over memory). */
  public static final int ITERATIONS = 2;

  /** Lanes. */
  public static final int PARALLELISM = 1;

  /** Output length in bytes. */
  public static final int HASH_BYTES = 32;

  private static final Argon2Function ARGON2 =
      Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES, Argon2.ID);

  /** A hash of a made-up password, checked for unknown users so their answer takes as long. */
  private volatile String decoy;

  /** The PHC-format Argon2id hash of {@code password} with a fresh salt. */
  public String hash(String password) {
    return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
  }

  /** Whether {@code password} matches {@code storedHash}; false for a malformed hash. */
  public boolean matches(String password, String storedHash) {
    if (storedHash == null || !storedHash.startsWith("$argon2id$")) {
      return false;
    }
    try {
      return Password.check(password, storedHash)
          .with(Argon2Function.getInstanceFromHash(storedHash));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Spends the time of one check, for a user that does not exist. */
  public void burn(String password) {
    String d = decoy;
    if (d == null) {
      d = hash("decoy password for timing equality");
      decoy = d;
    }
    matches(password, d);
  }
}
