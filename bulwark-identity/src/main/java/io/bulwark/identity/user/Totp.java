package io.bulwark.identity.user;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The TOTP function of RFC 6238 (HOTP, RFC 4226, over 30-second time steps) with HMAC-SHA1, the
 * variant every authenticator app supports. The HMAC is the JDK's; this class only does the dynamic
 * truncation the RFCs define.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6238">RFC 6238</a>
 */
final class Totp {
  /** Seconds per time step. */
  static final int PERIOD_SECONDS = 30;

  private static final int[] POWERS = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000
  };

  private Totp() {}

  /** The time step of an instant given in epoch seconds. */
  static long step(long epochSecond) {
    return Math.floorDiv(epochSecond, PERIOD_SECONDS);
  }

  /** The {@code digits}-digit code of {@code key} at time step {@code step}, zero-padded. */
  static String code(byte[] key, long step, int digits) {
    byte[] hash;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 unavailable", e);
    }
    int offset = hash[hash.length - 1] & 0x0f;
    int binary =
        ((hash[offset] & 0x7f) << 24)
            | ((hash[offset + 1] & 0xff) << 16)
            | ((hash[offset + 2] & 0xff) << 8)
            | (hash[offset + 3] & 0xff);
    String code = Integer.toString(binary % POWERS[digits]);
    return "0".repeat(digits - code.length()) + code;
  }
}
