package io.bulwark.identity.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Client secrets: 256 random bits (base64url, 43 characters), shown once, stored as their SHA-256.
 * A fast hash is right here, unlike for passwords: a 256-bit random secret cannot be guessed, so
 * slowing each check down would only cost throughput. Comparison is constant-time.
 */
public final class ClientSecrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SECRET_BYTES = 32;

  private ClientSecrets() {}

  /** A new random secret. */
  public static String generate() {
    byte[] bytes = new byte[SECRET_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The stored form of {@code secret}: lower-case hex SHA-256 of its UTF-8 bytes. */
  public static String hash(String secret) {
    return HexFormat.of().formatHex(sha256(secret));
  }

  /** Whether {@code candidate} hashes to {@code storedHash}, compared in constant time. */
  public static boolean matches(String candidate, String storedHash) {
    if (candidate == null || storedHash == null || storedHash.length() != 64) {
      return false;
    }
    byte[] expected;
    try {
      expected = HexFormat.of().parseHex(storedHash);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(sha256(candidate), expected);
  }

  static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
