package io.bulwark.gateway.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ControlBytesTest {

  @Test
  void findsEveryControlCharacterAtEveryPositionOfAWord() {
    for (int c = 0; c < 256; c++) {
      boolean control = c < 0x20 || c == 0x7F;
      for (int at = 0; at < 19; at++) {
        byte[] line = "abcdefghijklmnopqrs".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        line[at] = (byte) c;
        ByteBuf buf = Unpooled.wrappedBuffer(line);
        assertThat(ControlBytes.indexOf(buf, 0, line.length, false))
            .as("byte 0x%02x at %d", c, at)
            .isEqualTo(control ? at : -1);
        assertThat(ControlBytes.indexOf(buf, 0, line.length, true))
            .as("byte 0x%02x at %d, tab allowed", c, at)
            .isEqualTo(control && c != '\t' ? at : -1);
      }
    }
  }

  @Test
  void agreesWithAByteByByteScanOnRandomRegionsOfDirectBuffers() {
    SplittableRandom random = new SplittableRandom(42);
    ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(512);
    try {
      for (int round = 0; round < 20_000; round++) {
        buf.clear();
        int length = random.nextInt(1, 300);
        for (int i = 0; i < length; i++) {
          // Mostly printable, now and then a control byte, a tab, DEL or obs-text.
          int pick = random.nextInt(100);
          buf.writeByte(
              pick < 2
                  ? random.nextInt(0x20)
                  : pick < 3
                      ? 0x7F
                      : pick < 5
                          ? '\t'
                          : pick < 8 ? random.nextInt(0x80, 0x100) : random.nextInt(0x20, 0x7F));
        }
        int from = random.nextInt(length);
        int to = random.nextInt(from, length + 1);
        boolean allowTab = random.nextBoolean();
        assertThat(ControlBytes.indexOf(buf, from, to, allowTab))
            .isEqualTo(naive(buf, from, to, allowTab));
      }
    } finally {
      buf.release();
    }
  }

  @Test
  void treatsObsTextAsNoControlCharacter() {
    byte[] line = new byte[24];
    java.util.Arrays.fill(line, (byte) 0xA0);
    line[5] = (byte) 0xFF;
    line[17] = (byte) 0x80;
    assertThat(ControlBytes.indexOf(Unpooled.wrappedBuffer(line), 0, line.length, false))
        .isEqualTo(-1);
  }

  private static int naive(ByteBuf buf, int from, int to, boolean allowTab) {
    for (int i = from; i < to; i++) {
      int b = buf.getByte(i) & 0xFF;
      if ((b < 0x20 && !(allowTab && b == '\t')) || b == 0x7F) {
        return i;
      }
    }
    return -1;
  }
}
