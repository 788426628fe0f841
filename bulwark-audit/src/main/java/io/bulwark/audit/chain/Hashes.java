package io.bulwark.audit.chain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 in the lower-case hex form that links audit records into a chain. */
public final class Hashes {

  /** The {@code prev} of the very first record: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  private Hashes() {}

  /** The SHA-256 of {@code bytes} as 64 lower-case hex digits. */
  public static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  /** Whether {@code value} looks like a hash this module writes. */
  public static boolean isHash(String value) {
    if (value == null || value.length() != 64) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }
}
