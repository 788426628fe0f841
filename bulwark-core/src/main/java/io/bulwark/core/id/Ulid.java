package io.bulwark.core.id;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * ULIDs (<a href="https://github.com/ulid/spec">spec</a>): 26 characters of Crockford base32
 * holding a 48-bit millisecond timestamp and 80 random bits, so ids sort by creation time as plain
 * strings. Ids are always produced and accepted in canonical upper case.
 */
public final class Ulid {

  /** Length of a ULID string. */
  public static final int LENGTH = 26;

  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final byte[] DECODE = new byte[128];
  private static final long MAX_TIME = (1L << 48) - 1;
  private static final int TIME_CHARS = 10;

  static {
    java.util.Arrays.fill(DECODE, (byte) -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      DECODE[ALPHABET[i]] = (byte) i;
    }
  }

  private Ulid() {}

  /** Returns a generator that reads time from {@code clock} and randomness from SecureRandom. */
  public static Generator generator(Clock clock) {
    return new Generator(clock, new SecureRandom());
  }

  /** Whether {@code value} is a canonical (upper-case) ULID. */
  public static boolean isValid(String value) {
    if (value == null || value.length() != LENGTH || value.charAt(0) > '7') {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      char c = value.charAt(i);
      if (c >= 128 || DECODE[c] < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the instant (millisecond precision) encoded in {@code ulid}.
   *
   * @throws IllegalArgumentException if {@code ulid} is not a canonical ULID
   */
  public static Instant timestampOf(String ulid) {
    if (!isValid(ulid)) {
      throw new IllegalArgumentException("not a ULID");
    }
    long time = 0;
    for (int i = 0; i < TIME_CHARS; i++) {
      time = (time << 5) | DECODE[ulid.charAt(i)];
    }
    return Instant.ofEpochMilli(time);
  }

  static String encode(long time, long randomHigh16, long randomLow64) {
    char[] out = new char[LENGTH];
    for (int i = TIME_CHARS - 1; i >= 0; i--) {
      out[i] = ALPHABET[(int) (time & 31)];
      time >>>= 5;
    }
    // 80 random bits = 16 chars of 5 bits; walk from the least significant end.
    long low = randomLow64;
    long high = randomHigh16;
    for (int i = LENGTH - 1; i >= TIME_CHARS; i--) {
      out[i] = ALPHABET[(int) (low & 31)];
      low = (low >>> 5) | ((high & 31) << 59);
      high >>>= 5;
    }
    return new String(out);
  }

  /**
   * Makes ULIDs from one clock. Within one millisecond (or if the clock goes back) each id is the
   * previous one plus one in its random part, so ids from one generator are strictly increasing.
   * Thread-safe.
   */
  public static final class Generator {

    private final Clock clock;
    private final SecureRandom random;
    private long lastTime = -1;
    private long high16;
    private long low64;

    Generator(Clock clock, SecureRandom random) {
      this.clock = Objects.requireNonNull(clock, "clock");
      this.random = Objects.requireNonNull(random, "random");
    }

    /** The clock this generator reads. */
    public Clock clock() {
      return clock;
    }

    /** Returns a new ULID for the clock's current time. */
    public String next() {
      return next(clock.instant());
    }

    /**
     * Returns a new ULID for {@code time} (truncated to milliseconds), still greater than every id
     * this generator returned before.
     */
    public synchronized String next(Instant time) {
      long millis = time.toEpochMilli();
      if (millis < 0 || millis > MAX_TIME) {
        throw new IllegalArgumentException("time outside the ULID range");
      }
      if (millis > lastTime) {
        lastTime = millis;
        high16 = random.nextInt() & 0xFFFFL;
        low64 = random.nextLong();
      } else {
        low64++;
        if (low64 == 0) {
          high16++;
          if (high16 > 0xFFFF) {
            // 2^80 ids in one millisecond: move on to the next millisecond rather than fail.
            lastTime++;
            high16 = random.nextInt() & 0x7FFFL;
            low64 = random.nextLong();
          }
        }
      }
      return encode(lastTime, high16, low64);
    }
  }
}
