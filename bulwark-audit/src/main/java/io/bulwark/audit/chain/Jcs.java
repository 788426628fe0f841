package io.bulwark.audit.chain;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON Canonicalization Scheme (JCS, <a href="https://www.rfc-editor.org/rfc/rfc8785">RFC
 * 8785</a>) for the value shapes audit records use: objects, arrays, strings, integers, booleans
 * and {@code null}. Object members are sorted by their names' UTF-16 code units, strings are
 * escaped as ECMAScript's {@code JSON.stringify} does, and the result is UTF-8 without whitespace.
 *
 * <p>Floating-point numbers are refused rather than canonicalized: audit records never hold them,
 * and refusing them keeps ECMAScript number formatting out of the hashing path. Integers must lie
 * within ±(2<sup>53</sup> − 1), the range in which every JCS implementation agrees on their form.
 * Strings holding an unpaired surrogate are refused, as RFC 8785 section 3.2.2.2 requires.
 */
public final class Jcs {

  /** Largest integer magnitude accepted: 2^53 - 1, exact in an IEEE 754 double. */
  public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private Jcs() {}

  /**
   * Returns the canonical UTF-8 form of {@code value}.
   *
   * @throws IllegalArgumentException if it holds a floating-point number, an integer outside ±(2^53
   *     − 1), binary or POJO data, or a string with an unpaired surrogate
   */
  public static byte[] canonicalize(JsonNode value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    write(value, out);
    return out.toByteArray();
  }

  /** Writes the canonical form of {@code value} to {@code out}; see {@link #canonicalize}. */
  public static void write(JsonNode value, ByteArrayOutputStream out) {
    switch (value.getNodeType()) {
      case OBJECT -> writeObject(value, out);
      case ARRAY -> writeArray(value, out);
      case STRING -> writeString(value.textValue(), out);
      case NUMBER -> writeInteger(value, out);
      case BOOLEAN -> out.writeBytes(value.booleanValue() ? TRUE : FALSE);
      case NULL -> out.writeBytes(NULL);
      default ->
          throw new IllegalArgumentException(
              "JSON value of type " + value.getNodeType() + " has no canonical form");
    }
  }

  private static void writeObject(JsonNode object, ByteArrayOutputStream out) {
    List<Map.Entry<String, JsonNode>> members = new ArrayList<>(object.size());
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      members.add(it.next());
    }
    // String.compareTo orders by UTF-16 code units, exactly as RFC 8785 section 3.2.3 requires.
    members.sort(Map.Entry.comparingByKey());
    out.write('{');
    boolean first = true;
    for (Map.Entry<String, JsonNode> member : members) {
      if (!first) {
        out.write(',');
      }
      first = false;
      writeString(member.getKey(), out);
      out.write(':');
      write(member.getValue(), out);
    }
    out.write('}');
  }

  private static void writeArray(JsonNode array, ByteArrayOutputStream out) {
    out.write('[');
    for (int i = 0; i < array.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      write(array.get(i), out);
    }
    out.write(']');
  }

  private static void writeInteger(JsonNode number, ByteArrayOutputStream out) {
    if (!number.isIntegralNumber()) {
      throw new IllegalArgumentException(
          "floating-point numbers are not allowed in audit records (no canonical form here)");
    }
    BigInteger value = number.bigIntegerValue();
    if (value.abs().compareTo(BigInteger.valueOf(MAX_SAFE_INTEGER)) > 0) {
      throw new IllegalArgumentException("integer outside ±(2^53 - 1) in an audit record");
    }
    out.writeBytes(Long.toString(value.longValue()).getBytes(StandardCharsets.US_ASCII));
  }

  /** Writes {@code text} as a canonical JSON string (RFC 8785 section 3.2.2.2). */
  public static void writeString(String text, ByteArrayOutputStream out) {
    out.write('"');
    int length = text.length();
    int plainStart = 0;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
        continue;
      }
      if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("string with an unpaired surrogate in an audit record");
      }
      writeUtf8(text, plainStart, i, out);
      plainStart = i + 1;
      out.write('\\');
      switch (c) {
        case '"' -> out.write('"');
        case '\\' -> out.write('\\');
        case '\b' -> out.write('b');
        case '\f' -> out.write('f');
        case '\n' -> out.write('n');
        case '\r' -> out.write('r');
        case '\t' -> out.write('t');
        default -> {
          out.write('u');
          out.write('0');
          out.write('0');
          out.write(HEX[c >> 4]);
          out.write(HEX[c & 0xF]);
        }
      }
    }
    writeUtf8(text, plainStart, length, out);
    out.write('"');
  }

  private static void writeUtf8(String text, int from, int to, ByteArrayOutputStream out) {
    if (from < to) {
      out.writeBytes(text.substring(from, to).getBytes(StandardCharsets.UTF_8));
    }
  }
}
