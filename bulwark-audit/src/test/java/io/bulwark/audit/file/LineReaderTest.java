package io.bulwark.audit.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineReaderTest {

  @TempDir Path dir;

  @Test
  void readsLinesTellsATornLastLineAndCountsBytes() throws IOException {
    Path file = dir.resolve("f");
    Files.write(
        file, "first\n\u00e9t\u00e9\npartial".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    try (LineReader reader = LineReader.open(file)) {
      assertThat(reader.next()).isEqualTo(new LineReader.Line(1, "first", true, null));
      assertThat(reader.offset()).isEqualTo(6);
      assertThat(reader.next()).isEqualTo(new LineReader.Line(2, "\u00e9t\u00e9", true, null));
      assertThat(reader.next()).isEqualTo(new LineReader.Line(3, "partial", false, null));
      assertThat(reader.next()).isNull();
    }
    try (LineReader reader = LineReader.open(file, 6, 1)) {
      assertThat(reader.next().number()).isEqualTo(2);
    }
  }

  @Test
  void reportsInvalidUtf8AndOverlongLinesWithoutKeepingThem() throws IOException {
    Path file = dir.resolve("f");
    byte[] longLine = new byte[LineReader.MAX_LINE + 70_000];
    java.util.Arrays.fill(longLine, (byte) 'a');
    Files.write(file, new byte[] {(byte) 0xff, '\n'});
    Files.write(file, longLine, java.nio.file.StandardOpenOption.APPEND);
    Files.write(file, "\nok\n".getBytes(), java.nio.file.StandardOpenOption.APPEND);

    try (LineReader reader = LineReader.open(file)) {
      assertThat(reader.next().problem()).isEqualTo("not valid UTF-8");
      LineReader.Line tooLong = reader.next();
      assertThat(tooLong.text()).isNull();
      assertThat(tooLong.problem()).startsWith("line longer than");
      assertThat(reader.next().text()).isEqualTo("ok");
    }
  }
}
