package io.bulwark.audit.file;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the lines of an audit file one by one, strictly: UTF-8 only, each line at most {@link
 * #MAX_LINE} bytes, and it tells whether the last line was complete (ended in {@code '\n'}) so a
 * line torn by a crash can be told apart from a record.
 */
public final class LineReader implements Closeable {

  /** Longest line accepted, in bytes (1 MiB); records are far smaller. */
  public static final int MAX_LINE = 1 << 20;

  /**
   * One line.
   *
   * @param number 1-based line number
   * @param text the line without its end, or {@code null} if it is not valid UTF-8 or too long
   * @param complete whether it ended in {@code '\n'}
   * @param problem why {@code text} is {@code null}, else {@code null}
   */
  public record Line(long number, String text, boolean complete, String problem) {}

  private final InputStream in;
  private final byte[] chunk = new byte[1 << 16];
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
  private int position;
  private int limit;
  private long number;
  private long offset;

  private LineReader(InputStream in) {
    this.in = in;
  }

  /** Opens {@code file} for reading. */
  public static LineReader open(Path file) throws IOException {
    return new LineReader(Files.newInputStream(file));
  }

  /** Opens {@code file} and skips to byte {@code offset}, counting lines from {@code line + 1}. */
  public static LineReader open(Path file, long offset, long line) throws IOException {
    LineReader reader = open(file);
    reader.in.skipNBytes(offset);
    reader.offset = offset;
    reader.number = line;
    return reader;
  }

  /** Bytes consumed so far, up to the end of the last line returned. */
  public long offset() {
    return offset;
  }

  /** The next line, or {@code null} at the end of the file. */
  public Line next() throws IOException {
    buffer.reset();
    boolean tooLong = false;
    boolean complete = false;
    long read = 0;
    while (!complete) {
      if (position == limit) {
        limit = in.read(chunk);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          break;
        }
      }
      int end = position;
      while (end < limit && chunk[end] != '\n') {
        end++;
      }
      int length = end - position;
      if (buffer.size() + length <= MAX_LINE) {
        buffer.write(chunk, position, length);
      } else {
        tooLong = true;
      }
      read += length;
      if (end < limit) {
        complete = true;
        read++;
        end++;
      }
      position = end;
    }
    if (read == 0) {
      return null;
    }
    offset += read;
    number++;
    if (tooLong) {
      return new Line(number, null, complete, "line longer than " + MAX_LINE + " bytes");
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(buffer.toByteArray()))
              .toString();
      return new Line(number, text, complete, null);
    } catch (CharacterCodingException e) {
      return new Line(number, null, complete, "not valid UTF-8");
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
