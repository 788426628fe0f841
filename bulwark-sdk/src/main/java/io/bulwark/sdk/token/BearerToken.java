package io.bulwark.sdk.token;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A bearer access token taken from an {@code Authorization} header (RFC 6750 §2.1). {@link
 * #toString()} never shows the value, so a token cannot leak into logs by accident.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-2.1">RFC 6750 §2.1</a>
 */
public record BearerToken(String value) {

  /** Longest {@code Authorization} header accepted, in characters. */
  public static final int MAX_HEADER_LENGTH = 8 * 1024;

  private static final String SCHEME = "Bearer ";

  public BearerToken {
    Objects.requireNonNull(value, "value");
    if (!isB64Token(value)) {
      throw new IllegalArgumentException("not an RFC 6750 b64token");
    }
  }

  /**
   * The token in {@code authorizationHeader}, or empty when the header is absent, longer than
   * {@link #MAX_HEADER_LENGTH}, uses another scheme, or is not exactly {@code Bearer} (any case),
   * one space and a {@code b64token}.
   */
  public static Optional<BearerToken> parse(String authorizationHeader) {
    String token = valueIn(authorizationHeader);
    return token == null ? Optional.empty() : Optional.of(new BearerToken(token));
  }

  /**
   * The token in {@code authorizationHeader} as text, or {@code null}, by the rules of {@link
   * #parse}: for callers on a hot path that need only the value, checked once instead of twice.
   */
  public static String valueIn(String authorizationHeader) {
    if (authorizationHeader == null
        || authorizationHeader.length() > MAX_HEADER_LENGTH
        || authorizationHeader.length() <= SCHEME.length()
        || !authorizationHeader.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return null;
    }
    String token = authorizationHeader.substring(SCHEME.length());
    return isB64Token(token) ? token : null;
  }

  /**
   * Whether {@code s} is an RFC 6750 {@code b64token}: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" /
   * "~" / "+" / "/" ) *"="}. A loop rather than a regular expression: gateways check every
   * request's token, and the regex engine cost several microseconds per JWT. The chars are copied
   * out in one intrinsic and checked without a branch per char, which on a 700-char JWT costs about
   * a third of reading them one {@code charAt} at a time.
   */
  static boolean isB64Token(String s) {
    // A char above 0xFF becomes '?', which is no token char, so nothing wider slips through.
    byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == '=') {
      end--;
    }
    if (end == 0) {
      return false;
    }
    boolean all = true;
    for (int i = 0; i < end; i++) {
      all &= TOKEN_BYTES[bytes[i] & 0xFF];
    }
    return all;
  }

  /** A table rather than range tests: a token's characters mix the ranges unpredictably. */
  private static final boolean[] TOKEN_BYTES = tokenBytes();

  private static boolean[] tokenBytes() {
    boolean[] table = new boolean[256];
    for (char c = 0; c < 128; c++) {
      table[c] =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-._~+/".indexOf(c) >= 0;
    }
    return table;
  }

  @Override
  public String toString() {
    return "BearerToken[redacted]";
  }
}
