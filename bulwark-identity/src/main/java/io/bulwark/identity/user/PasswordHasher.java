package io.bulwark.identity.user;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Hashes passwords with Argon2id (RFC 9106) through password4j, with OWASP's recommended minimum
 * parameters: {@value #MEMORY_KIB} KiB of memory, {@value #ITERATIONS} iterations, parallelism
 * {@value #PARALLELISM}, a 16-byte random salt and a {@value #HASH_BYTES}-byte output, stored in
 * the PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}). Verification reads the
 * parameters from the stored hash, so raising them later keeps old hashes valid. Thread-safe.
 *
 * <p>Each hash needs {@value #MEMORY_KIB} KiB of heap while it runs (and password4j keeps one
 * template of that size from the first use on), so at most {@link #maxConcurrent()} run at once;
 * the rest wait up to {@link #MAX_WAIT} and then get {@link BusyException}, answered as 503. The
 * template is made on first use, not at start-up.
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

  /** How long a hash waits for a free slot before the request is refused as busy. */
  public static final Duration MAX_WAIT = Duration.ofSeconds(10);

  private final Semaphore slots;
  private final int maxConcurrent;
  private final Duration maxWait;

  /** A hash of a made-up password, checked for unknown users so their answer takes as long. */
  private volatile String decoy;

  /** A hasher running at most one hash per available processor at a time. */
  public PasswordHasher() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /** A hasher running at most {@code maxConcurrent} hashes at a time. */
  public PasswordHasher(int maxConcurrent) {
    this(maxConcurrent, MAX_WAIT);
  }

  PasswordHasher(int maxConcurrent, Duration maxWait) {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1");
    }
    this.maxConcurrent = maxConcurrent;
    this.maxWait = maxWait;
    this.slots = new Semaphore(maxConcurrent, true);
  }

  Semaphore slots() {
    return slots;
  }

  /** How many hashes may run at once. */
  public int maxConcurrent() {
    return maxConcurrent;
  }

  /** The PHC-format Argon2id hash of {@code password} with a fresh salt. */
  public String hash(String password) {
    return bounded(
        () -> Password.hash(password).addRandomSalt(16).with(Argon2Template.ARGON2).getResult());
  }

  /** Whether {@code password} matches {@code storedHash}; false for a malformed hash. */
  public boolean matches(String password, String storedHash) {
    if (storedHash == null || !storedHash.startsWith("$argon2id$")) {
      return false;
    }
    Argon2Function function;
    try {
      function = Argon2Function.getInstanceFromHash(storedHash);
    } catch (RuntimeException e) {
      return false;
    }
    return bounded(() -> {
      try {
        return Password.check(password, storedHash).with(function);
      } catch (RuntimeException e) {
        return false;
      }
    });
  }

  private <T> T bounded(Supplier<T> work) {
    boolean acquired;
    try {
      acquired = slots.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BusyException();
    }
    if (!acquired) {
      throw new BusyException();
    }
    try {
      return work.get();
    } finally {
      slots.release();
    }
  }

  /** Every password-hashing slot stayed taken for the whole wait; the caller should retry. */
  public static final class BusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BusyException() {
      super("too many password checks in progress", null, false, false);
    }
  }

  /** Holds password4j's Argon2id instance, made (with its memory template) on first use. */
  private static final class Argon2Template {
    static final Argon2Function ARGON2 =
        Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES, Argon2.ID);
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
