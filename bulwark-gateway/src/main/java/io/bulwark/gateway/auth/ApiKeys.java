package io.bulwark.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The Bulwark API key format, {@code bwk_<id>_<secret>}: a 16-character base32 id (80 random bits,
 * not secret, used to find the key) and a 43-character base64url secret (256 random bits). Only the
 * SHA-256 of the whole key is ever stored; the plaintext is shown once at creation.
 */
public final class ApiKeys {
  /** Every key starts with this, so a leaked key is easy to recognise (and scan for). */
  public static final String PREFIX = "bwk_";

  static final Pattern FORMAT = Pattern.compile("bwk_([a-z2-7]{16})_([A-Za-z0-9_-]{43})");

  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private ApiKeys() {}

  /**
   * A newly generated key: {@code plaintext} goes to its holder once; {@code id} and {@code sha256}
   * are what to store.
   */
  public record Generated(String plaintext, String id, String sha256) {
    @Override
    public String toString() {
      return "Generated[id=" + id + ", sha256=" + sha256 + "]";
    }
  }

  /** Generates a new key from {@code random}. */
  public static Generated generate(SecureRandom random) {
    StringBuilder id = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      id.append(BASE32[random.nextInt(BASE32.length)]);
    }
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String plaintext =
        PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    return new Generated(plaintext, id.toString(), hash(plaintext));
  }

  /** Whether {@code credential} has the API key prefix (the proxy uses it to pick this method). */
  public static boolean looksLikeApiKey(String credential) {
    return credential != null && credential.startsWith(PREFIX);
  }

  /** The stored form of a key: base64url (no padding) of SHA-256 over its UTF-8 bytes. */
  public static String hash(String plaintext) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(plaintext.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
