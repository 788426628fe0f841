package io.bulwark.identity.oauth;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable values: codes, refresh tokens, session ids, CSRF tokens. */
final class Randoms {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Randoms() {}

  /** {@code bytes} random bytes, base64url without padding. */
  static String token(int bytes) {
    byte[] out = new byte[bytes];
    RANDOM.nextBytes(out);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }
}
