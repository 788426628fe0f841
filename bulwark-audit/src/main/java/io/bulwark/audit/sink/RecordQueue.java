package io.bulwark.audit.sink;

import io.bulwark.core.fs.PrivateDirectories;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The bounded, ordered queue in front of one sink: records wait in memory, and once memory is full
 * they overflow to a spool file (one {@code <seq> <line>} per line, mode 0600) if one is
 * configured. While the spool holds records every new record goes there too, so delivery order is
 * always chain order. The spool is replayed when the memory queue has drained and truncated once
 * empty; records left in it by a stopped process are replayed after restart (receivers deduplicate
 * by seq).
 *
 * <p>A record that fits neither memory nor the spool is refused ({@link #offer} returns false).
 */
final class RecordQueue implements AutoCloseable {

  private static final int READ_CHUNK = 1 << 20;

  /** Room that must be left for the spool to count as able to take a record (events are small). */
  private static final long RECORD_MARGIN = 64 * 1024;

  private final int capacity;
  private final ArrayDeque<SinkRecord> memory = new ArrayDeque<>();
  private final FileChannel spool;
  private final long spoolMaxBytes;
  private long spoolWrite;
  private long spoolRead;
  private long spooled;
  private final List<Long> peekedBytes = new ArrayList<>();
  private boolean peekedFromSpool;

  RecordQueue(int capacity, Path spoolFile, long spoolMaxBytes) throws IOException {
    this.capacity = capacity;
    this.spoolMaxBytes = spoolMaxBytes;
    if (spoolFile == null) {
      this.spool = null;
      return;
    }
    Path parent = spoolFile.toAbsolutePath().getParent();
    if (parent != null) {
      PrivateDirectories.create(parent);
    }
    this.spool =
        FileChannel.open(
            spoolFile,
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
            ownerOnly());
    recover();
  }

  private void recover() throws IOException {
    long size = spool.size();
    long complete = 0;
    long position = 0;
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    while (position < size) {
      buffer.clear();
      int read = spool.read(buffer, position);
      if (read <= 0) {
        break;
      }
      for (int i = 0; i < read; i++) {
        if (buffer.get(i) == '\n') {
          complete = position + i + 1;
          spooled++;
        }
      }
      position += read;
    }
    spool.truncate(complete);
    spoolWrite = complete;
  }

  /** Adds {@code record} at the end; false if neither memory nor the spool has room. */
  synchronized boolean offer(SinkRecord record) throws IOException {
    if (spooled == 0 && memory.size() < capacity) {
      memory.addLast(record);
      return true;
    }
    if (spool == null) {
      return false;
    }
    byte[] bytes = (record.seq() + " " + record.line() + "\n").getBytes(StandardCharsets.UTF_8);
    if (spoolWrite + bytes.length > spoolMaxBytes) {
      return false;
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      spoolWrite += spool.write(buffer, spoolWrite);
    }
    spooled++;
    return true;
  }

  /** Whether a record offered now would be refused. */
  synchronized boolean full() {
    if (spooled == 0 && memory.size() < capacity) {
      return false;
    }
    return spool == null || spoolWrite + Math.min(RECORD_MARGIN, spoolMaxBytes / 4) > spoolMaxBytes;
  }

  /** Up to {@code max} of the oldest records, left in the queue until {@link #remove}. */
  synchronized List<SinkRecord> peek(int max) throws IOException {
    peekedBytes.clear();
    if (!memory.isEmpty()) {
      peekedFromSpool = false;
      List<SinkRecord> batch = new ArrayList<>(Math.min(max, memory.size()));
      for (SinkRecord record : memory) {
        if (batch.size() == max) {
          break;
        }
        batch.add(record);
      }
      return batch;
    }
    peekedFromSpool = true;
    List<SinkRecord> batch = new ArrayList<>();
    if (spooled == 0) {
      return batch;
    }
    int length = (int) Math.min(READ_CHUNK, spoolWrite - spoolRead);
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (spool.read(buffer, spoolRead + buffer.position()) < 0) {
        break;
      }
    }
    byte[] bytes = buffer.array();
    int start = 0;
    for (int i = 0; i < buffer.position() && batch.size() < max; i++) {
      if (bytes[i] == '\n') {
        String text = new String(bytes, start, i - start, StandardCharsets.UTF_8);
        int space = text.indexOf(' ');
        batch.add(
            new SinkRecord(Long.parseLong(text.substring(0, space)), text.substring(space + 1)));
        peekedBytes.add((long) (i + 1 - start));
        start = i + 1;
      }
    }
    if (batch.isEmpty()) {
      throw new IOException("spool record longer than " + READ_CHUNK + " bytes");
    }
    return batch;
  }

  /** Removes the first {@code count} records returned by the last {@link #peek}. */
  synchronized void remove(int count) throws IOException {
    if (!peekedFromSpool) {
      for (int i = 0; i < count; i++) {
        memory.removeFirst();
      }
      return;
    }
    for (int i = 0; i < count; i++) {
      spoolRead += peekedBytes.get(i);
    }
    spooled -= count;
    if (spooled == 0) {
      spool.truncate(0);
      spoolWrite = 0;
      spoolRead = 0;
    }
  }

  /** Records waiting (memory and spool). */
  synchronized long size() {
    return memory.size() + spooled;
  }

  /** Records waiting in the spool file. */
  synchronized long spooled() {
    return spooled;
  }

  @Override
  public synchronized void close() throws IOException {
    if (spool != null) {
      if (!memory.isEmpty()) {
        // Keep what memory still holds: it goes before the spool's records on the next start.
        List<SinkRecord> rest = new ArrayList<>(memory);
        memory.clear();
        rewriteSpool(rest);
      }
      spool.close();
    }
  }

  private void rewriteSpool(List<SinkRecord> first) throws IOException {
    ByteBuffer old =
        ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, spoolWrite - spoolRead));
    while (old.hasRemaining() && spool.read(old, spoolRead + old.position()) > 0) {}
    old.flip();
    StringBuilder head = new StringBuilder();
    for (SinkRecord record : first) {
      head.append(record.seq()).append(' ').append(record.line()).append('\n');
    }
    ByteBuffer prefix = ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.UTF_8));
    spool.truncate(0);
    long position = 0;
    while (prefix.hasRemaining()) {
      position += spool.write(prefix, position);
    }
    while (old.hasRemaining()) {
      position += spool.write(old, position);
    }
    spool.force(false);
  }

  private static FileAttribute<?>[] ownerOnly() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
        }
        : new FileAttribute<?>[0];
  }
}
