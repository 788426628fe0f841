package io.bulwark.core.audit;

import io.bulwark.core.config.FsyncPolicy;
import io.bulwark.core.fs.PrivateDirectories;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link AuditLog} that appends each event as one line of JSON ({@link AuditEventJson}) to a
 * UTF-8 file: the embedded sink of {@code bulwark up}.
 *
 * <ul>
 *   <li>The file is created with mode 0600 (missing parent directories with 0700) and never
 *       truncated: a restart continues it. Writes only ever go to its end.
 *   <li>One process owns the file at a time: opening takes an exclusive OS file lock, and a second
 *       open fails with a clear error.
 *   <li>With {@link FsyncPolicy#ALWAYS} (the default for security events), {@link #append} returns
 *       only after {@link FileChannel#force(boolean)}, so an acknowledged event survives a crash or
 *       power loss. This simple log treats {@link FsyncPolicy#BATCH} as {@code ALWAYS} (the
 *       stronger guarantee).
 *   <li>A line torn by a crash during a write (never acknowledged) is cut off on the next open,
 *       with a warning, so the file stays one valid event per line.
 *   <li>If a write fails, the log refuses further appends rather than risk a corrupt file.
 * </ul>
 */
public final class JsonlAuditLog implements AuditLog {

  private static final Logger LOG = LoggerFactory.getLogger(JsonlAuditLog.class);

  private final Path file;
  private final FsyncPolicy policy;
  private final FileChannel channel;
  private final FileLock fileLock;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicLong forces = new AtomicLong();
  private boolean closed;
  private boolean broken;

  private JsonlAuditLog(Path file, FsyncPolicy policy, FileChannel channel, FileLock fileLock) {
    this.file = file;
    this.policy = policy;
    this.channel = channel;
    this.fileLock = fileLock;
  }

  /**
   * Opens (creating if needed) the audit log at {@code file}.
   *
   * @throws IOException if the file cannot be created or opened, or another process or log object
   *     holds it
   */
  public static JsonlAuditLog open(Path file, FsyncPolicy policy) throws IOException {
    Objects.requireNonNull(policy, "policy");
    Path path = file.toAbsolutePath();
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    Path parent = path.getParent();
    if (parent != null) {
      PrivateDirectories.create(parent);
    }
    boolean created = !Files.exists(path);
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    FileChannel channel =
        FileChannel.open(
            path,
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
            attributes);
    try {
      FileLock fileLock;
      try {
        fileLock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        fileLock = null;
      }
      if (fileLock == null) {
        throw new IOException("audit log " + path + " is already open in another writer");
      }
      TornTail.cut(path, channel);
      channel.position(channel.size());
      if (created && parent != null) {
        channel.force(true);
        forceDirectory(parent);
      }
      return new JsonlAuditLog(path, policy, channel, fileLock);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("Could not fsync directory {}", dir, e);
    }
  }

  /** The file this log writes. */
  public Path file() {
    return file;
  }

  /** The fsync policy this log was opened with. */
  public FsyncPolicy policy() {
    return policy;
  }

  @Override
  public void append(AuditEvent event) {
    byte[] line = AuditEventJson.toJsonLine(Objects.requireNonNull(event, "event"));
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("audit log " + file + " is closed");
      }
      if (broken) {
        throw new IllegalStateException("audit log " + file + " failed earlier; reopen it");
      }
      long start = channel.position();
      try {
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      } catch (IOException e) {
        undoPartialWrite(start);
        throw new UncheckedIOException("could not append to audit log " + file, e);
      }
      if (policy != FsyncPolicy.OS) {
        force();
      }
    } catch (IOException e) {
      broken = true;
      throw new UncheckedIOException("could not append to audit log " + file, e);
    } finally {
      lock.unlock();
    }
  }

  private void undoPartialWrite(long start) {
    try {
      channel.truncate(start);
      channel.position(start);
    } catch (IOException e) {
      broken = true;
      LOG.error("Audit log {} could not be restored after a failed write", file, e);
    }
  }

  private void force() throws IOException {
    try {
      channel.force(true);
      forces.incrementAndGet();
    } catch (IOException e) {
      // After a failed fsync the kernel may have dropped the pages: trust nothing written since.
      broken = true;
      throw e;
    }
  }

  /** How many times this log forced its file to disk (for tests and metrics). */
  long forceCount() {
    return forces.get();
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (!broken) {
          channel.force(true);
        }
      } finally {
        try {
          fileLock.release();
        } finally {
          channel.close();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not close audit log " + file, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reads every event from an audit log file, strictly: each line must be one valid event.
   *
   * @throws AuditLogFormatException naming the file and line if a line is not a valid event
   * @throws IOException if the file cannot be read
   */
  public static List<AuditEvent> read(Path file) throws IOException {
    List<AuditEvent> events = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      long number = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        try {
          events.add(AuditEventJson.parse(line));
        } catch (IllegalArgumentException e) {
          throw new AuditLogFormatException(file, number, e.getMessage());
        }
      }
    } catch (CharacterCodingException e) {
      throw new AuditLogFormatException(file, events.size() + 1, "not valid UTF-8");
    }
    return events;
  }
}
