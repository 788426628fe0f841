package io.bulwark.gateway.hygiene;

import io.netty.buffer.ByteBuf;

/**
 * Finds the first control character (0x00-0x1F or DEL) in a region of a buffer, eight bytes at a
 * time. The head scan used a per-byte {@link io.netty.util.ByteProcessor}, which the JIT cannot
 * inline at {@code forEachByte}'s shared call site: a 700-byte bearer token cost the plain proxy
 * several microseconds there. Bytes 0x80-0xFF (obs-text) are not control characters.
 */
final class ControlBytes {
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long SPACES = 0x20 * ONES;
  private static final long DELS = 0x7F * ONES;

  private ControlBytes() {}

  /**
   * The index of the first control character in {@code [from, to)}, HTAB excepted when {@code
   * allowTab}; -1 when there is none.
   */
  static int indexOf(ByteBuf buf, int from, int to, boolean allowTab) {
    int i = from;
    for (; to - i >= Long.BYTES; i += Long.BYTES) {
      long word = buf.getLongLE(i);
      if (mayHoldControl(word)) {
        int found = indexOfEach(buf, i, i + Long.BYTES, allowTab);
        if (found >= 0) {
          return found;
        }
      }
    }
    return indexOfEach(buf, i, to, allowTab);
  }

  /**
   * Whether some byte of {@code word} is below 0x20 or is 0x7F. Exact as a yes or no: a borrow that
   * could flag a wrong byte only starts at a byte that is itself below 0x20 (or, after the XOR, at
   * a DEL), so a word without one flags nothing.
   */
  private static boolean mayHoldControl(long word) {
    long below = (word - SPACES) & ~word & HIGHS;
    long del = word ^ DELS;
    return (below | ((del - ONES) & ~del & HIGHS)) != 0;
  }

  private static int indexOfEach(ByteBuf buf, int from, int to, boolean allowTab) {
    for (int i = from; i < to; i++) {
      int b = buf.getByte(i) & 0xFF;
      if ((b < 0x20 && !(allowTab && b == '\t')) || b == 0x7F) {
        return i;
      }
    }
    return -1;
  }
}
