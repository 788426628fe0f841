package io.bulwark.policy.api;

import io.bulwark.core.problem.ProblemException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Normalizes the path of a proxied request before it is matched against the route map: the query
 * and fragment are dropped, each segment is percent-decoded once, literal {@code .} and {@code ..}
 * segments are resolved and empty segments removed. Anything a backend could read differently is
 * refused: {@code ..} above the root, encoded slashes and backslashes, encoded dot segments,
 * control characters (NUL included), malformed escapes and invalid UTF-8.
 */
final class RequestPath {
  /** Longest path accepted, in characters. */
  static final int MAX_LENGTH = 4096;

  private RequestPath() {}

  /**
   * The decoded segments of {@code rawUri} (a path with an optional query, as in nginx's {@code
   * $request_uri}).
   *
   * @throws ProblemException 400 when the path is refused
   */
  static List<String> segments(String rawUri) {
    if (rawUri == null || rawUri.isEmpty()) {
      throw bad("the original URI is missing");
    }
    String path = rawUri;
    int cut = indexOfAny(path, '?', '#');
    if (cut >= 0) {
      path = path.substring(0, cut);
    }
    if (!path.startsWith("/") || path.length() > MAX_LENGTH) {
      throw bad(
          "the original URI must be an absolute path of at most " + MAX_LENGTH + " characters");
    }
    List<String> out = new ArrayList<>();
    for (String raw : path.substring(1).split("/", -1)) {
      switch (raw) {
        case "", "." -> {}
        case ".." -> {
          if (out.isEmpty()) {
            throw bad("the path climbs above the root");
          }
          out.remove(out.size() - 1);
        }
        default -> {
          String segment = decode(raw);
          if (segment.equals(".") || segment.equals("..")) {
            throw bad("the path contains an encoded dot segment");
          }
          out.add(segment);
        }
      }
    }
    return List.copyOf(out);
  }

  /** {@code /a/b} for the segments {@code [a, b]}. */
  static String join(List<String> segments) {
    return "/" + String.join("/", segments);
  }

  private static String decode(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw bad("the path has a malformed percent escape");
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw bad("the path has a malformed percent escape");
        }
        int b = hi << 4 | lo;
        if (b == '/' || b == '\\') {
          throw bad("the path contains an encoded slash or backslash");
        }
        checkChar(b);
        bytes.write(b);
        i += 2;
      } else {
        if (c == '\\') {
          throw bad("the path contains a backslash");
        }
        checkChar(c);
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw bad("the path is not valid UTF-8");
    }
  }

  private static void checkChar(int c) {
    if (c < 0x20 || c == 0x7f) {
      throw bad("the path contains a control character");
    }
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }

  private static ProblemException bad(String detail) {
    return ProblemException.badRequest("Refused path: " + detail);
  }
}
