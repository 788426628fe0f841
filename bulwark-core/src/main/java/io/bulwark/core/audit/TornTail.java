package io.bulwark.core.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs a line-oriented log after a crash: a last line without its newline was being written when
 * the process died, so it was never acknowledged, and it is cut off before appending resumes.
 */
public final class TornTail {
  private static final Logger LOG = LoggerFactory.getLogger(TornTail.class);
  private static final int CHUNK = 8192;

  private TornTail() {}

  /**
   * Truncates {@code channel} (open for reading and writing on {@code file}) after its last
   * newline, if it does not end with one, and forces the change to disk.
   *
   * @return how many bytes were cut off; 0 when the file ended cleanly
   */
  public static long cut(Path file, FileChannel channel) throws IOException {
    long size = channel.size();
    if (size == 0 || lastByte(channel, size) == '\n') {
      return 0;
    }
    long keep = afterLastNewline(file, channel, size);
    LOG.warn(
        "Log {} ended in an incomplete line ({} bytes, never acknowledged); cutting it off",
        file,
        size - keep);
    channel.truncate(keep);
    channel.force(true);
    return size - keep;
  }

  private static byte lastByte(FileChannel channel, long size) throws IOException {
    ByteBuffer last = ByteBuffer.allocate(1);
    channel.read(last, size - 1);
    return last.get(0);
  }

  private static long afterLastNewline(Path file, FileChannel channel, long size)
      throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
    for (long end = size; end > 0; ) {
      long start = Math.max(0, end - CHUNK);
      chunk.clear().limit((int) (end - start));
      while (chunk.hasRemaining()) {
        if (channel.read(chunk, start + chunk.position()) < 0) {
          throw new IOException("log " + file + " shrank while being opened");
        }
      }
      for (int i = chunk.limit() - 1; i >= 0; i--) {
        if (chunk.get(i) == '\n') {
          return start + i + 1;
        }
      }
      end = start;
    }
    return 0;
  }
}
