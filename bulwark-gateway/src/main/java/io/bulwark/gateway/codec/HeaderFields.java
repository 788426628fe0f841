package io.bulwark.gateway.codec;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.netty.util.internal.PlatformDependent;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a header section as block copies. Netty's encoder writes a {@code String} value one char
 * at a time through a bounds-checked byte store; header values decoded from the wire are Strings,
 * so on a proxy that was the larger part of re-encoding a head. A char above 0xFF becomes {@code
 * '?'} as in Netty (a surrogate pair one {@code '?'}, where Netty writes two), so no value can
 * smuggle a CR or LF through a wider char.
 */
public final class HeaderFields {
  private static final int COLON_SPACE = (':' << 8) | ' ';
  private static final int CRLF = ('\r' << 8) | '\n';

  private HeaderFields() {}

  /** Appends {@code name: value CRLF} for every field, in order; not the blank line after them. */
  public static void write(HttpHeaders headers, ByteBuf buf) {
    Iterator<Map.Entry<CharSequence, CharSequence>> fields = headers.iteratorCharSequence();
    while (fields.hasNext()) {
      Map.Entry<CharSequence, CharSequence> field = fields.next();
      CharSequence name = field.getKey();
      CharSequence value = field.getValue();
      buf.ensureWritable(name.length() + value.length() + 4);
      int at = buf.writerIndex();
      at = put(name, buf, at);
      buf.setShort(at, COLON_SPACE);
      at = put(value, buf, at + 2);
      buf.setShort(at, CRLF);
      buf.writerIndex(at + 2);
    }
  }

  /** Writes {@code text} at {@code at}; returns the index after it (at most one byte per char). */
  private static int put(CharSequence text, ByteBuf buf, int at) {
    if (text instanceof AsciiString ascii) {
      copy(ascii.array(), ascii.arrayOffset(), ascii.length(), buf, at);
      return at + ascii.length();
    }
    if (text instanceof String string) {
      // A surrogate pair becomes one '?', so the bytes can be fewer than the chars.
      byte[] bytes = string.getBytes(StandardCharsets.ISO_8859_1);
      copy(bytes, 0, bytes.length, buf, at);
      return at + bytes.length;
    }
    return at + buf.setCharSequence(at, text, StandardCharsets.ISO_8859_1);
  }

  /**
   * Copies into {@code buf} at {@code at}, which the caller made writable. A pooled direct buffer's
   * {@code setBytes(int, byte[])} goes through a duplicated {@link java.nio.ByteBuffer} per call;
   * with the buffer's address known, it is one bounds-checked memory copy.
   */
  private static void copy(byte[] src, int offset, int length, ByteBuf buf, int at) {
    if (buf.hasMemoryAddress() && PlatformDependent.hasUnsafe()) {
      if (at < 0 || length > buf.capacity() - at) {
        throw new IndexOutOfBoundsException("no room for " + length + " bytes at " + at);
      }
      PlatformDependent.copyMemory(src, offset, buf.memoryAddress() + at, length);
    } else {
      buf.setBytes(at, src, offset, length);
    }
  }
}
