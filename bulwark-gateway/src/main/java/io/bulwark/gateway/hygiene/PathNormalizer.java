package io.bulwark.gateway.hygiene;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Normalizes a request target once, before routing and policy, so that every later decision and the
 * upstream see the same path (RFC 3986 sections 6.2.2 and 5.2.4).
 *
 * <p>Accepted: origin-form targets only ({@code /path?query}). Percent-encoded unreserved
 * characters are decoded, other escapes are kept with upper-case hex, runs of {@code /} collapse to
 * one, and {@code .} and {@code ..} segments are resolved. Rejected with 400: anything else that
 * could make the gateway and an upstream disagree on the path, namely encoded {@code /} or {@code
 * \}, a literal {@code \}, encoded dot segments ({@code %2e%2e}), {@code %25} (double encoding),
 * {@code ;} (path parameters), NUL and other control or non-ASCII bytes, malformed escapes, a
 * {@code #} fragment and {@code ..} above the root. Thread-safe and stateless.
 */
public final class PathNormalizer {
  private static final String SLUG = "bad-request-target";

  private PathNormalizer() {}

  /**
   * A normalized target.
   *
   * @param path the normalized path, starting with {@code /}
   * @param query the raw query without {@code ?}, or {@code null}
   */
  public record Target(String path, String query) {
    /** The path and query as sent upstream. */
    public String uri() {
      return query == null ? path : path + "?" + query;
    }
  }

  /**
   * Normalizes {@code requestTarget}.
   *
   * @throws RejectedRequestException (400) if the target is not acceptable
   */
  public static Target normalize(String requestTarget) {
    if (requestTarget.isEmpty() || requestTarget.charAt(0) != '/') {
      throw reject("only origin-form request targets (starting with '/') are accepted");
    }
    int q = requestTarget.indexOf('?');
    String rawPath = q < 0 ? requestTarget : requestTarget.substring(0, q);
    String query = q < 0 ? null : requestTarget.substring(q + 1);
    if (query != null) {
      checkQuery(query);
    }
    return new Target(removeDotSegments(decodeUnreserved(rawPath)), query);
  }

  private static void checkQuery(String query) {
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '#' || c == '\\') {
        throw reject("the query contains a character that must be percent-encoded");
      }
    }
  }

  /**
   * Decodes escapes of unreserved characters and checks every character. Encoded dots are marked by
   * a private-use character so that dot-segment removal can reject them.
   */
  private static String decodeUnreserved(String path) {
    StringBuilder out = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%') {
        if (i + 2 >= path.length() || hex(path.charAt(i + 1)) < 0 || hex(path.charAt(i + 2)) < 0) {
          throw reject("malformed percent-encoding in the path");
        }
        int b = hex(path.charAt(i + 1)) << 4 | hex(path.charAt(i + 2));
        i += 2;
        appendDecoded(out, b);
      } else if (c == ';') {
        throw reject("path parameters (';') are not accepted");
      } else if (c == '\\') {
        throw reject("backslashes are not accepted in the path");
      } else if (!isPathChar(c)) {
        throw reject("the path contains a character that must be percent-encoded");
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static void appendDecoded(StringBuilder out, int b) {
    switch (b) {
      case '/', '\\' -> throw reject("encoded '/' or '\\' is not accepted in the path");
      case '%' -> throw reject("double percent-encoding ('%25') is not accepted in the path");
      case 0 -> throw reject("NUL is not accepted in the path");
      case '.' -> out.append(ENCODED_DOT);
      default -> {
        if (isUnreserved(b)) {
          out.append((char) b);
        } else {
          out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
        }
      }
    }
  }

  private static final char ENCODED_DOT = '\uE000';
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private static String removeDotSegments(String path) {
    Deque<String> out = new ArrayDeque<>();
    String[] segments = path.substring(1).split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      if (segment.indexOf(ENCODED_DOT) >= 0) {
        String plain = segment.replace(ENCODED_DOT, '.');
        if (plain.equals(".") || plain.equals("..")) {
          throw reject("encoded dot segments ('%2e') are not accepted in the path");
        }
        segment = plain;
      }
      if (segment.isEmpty() && !last) {
        continue;
      }
      if (segment.equals(".")) {
        if (last) {
          out.addLast("");
        }
      } else if (segment.equals("..")) {
        if (out.isEmpty()) {
          throw reject("the path climbs above the root");
        }
        out.removeLast();
        if (last) {
          out.addLast("");
        }
      } else {
        out.addLast(segment);
      }
    }
    if (out.size() == 1 && out.peekFirst().isEmpty()) {
      return "/";
    }
    StringBuilder result = new StringBuilder(path.length());
    for (String s : out) {
      result.append('/').append(s);
    }
    return result.isEmpty() ? "/" : result.toString();
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  /** pchar minus '%' and ';' (handled separately) plus '/'. */
  private static boolean isPathChar(char c) {
    return isUnreserved(c)
        || c == '/'
        || c == '!'
        || c == '$'
        || c == '&'
        || c == '\''
        || c == '('
        || c == ')'
        || c == '*'
        || c == '+'
        || c == ','
        || c == '='
        || c == ':'
        || c == '@';
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static RejectedRequestException reject(String reason) {
    return new RejectedRequestException(400, SLUG, reason);
  }
}
