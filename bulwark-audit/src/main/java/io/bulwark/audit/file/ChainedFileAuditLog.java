package io.bulwark.audit.file;

import io.bulwark.audit.chain.AuditSigningKey;
import io.bulwark.audit.chain.Checkpoint;
import io.bulwark.audit.chain.RecordCodec;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.config.FsyncPolicy;
import io.bulwark.core.fs.AtomicFiles;
import io.bulwark.core.fs.PrivateDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tamper-evident file sink: an {@link AuditLog} that writes each event as a hash-chained record
 * to JSONL files in one directory and signs the chain head with Ed25519 at checkpoints (format and
 * guarantees in {@code docs/audit.md}).
 *
 * <ul>
 *   <li>Files rotate at {@link ChainedFileOptions#maxFileBytes()}; every file ends with a
 *       checkpoint and the next file's first record links to it, so the chain spans files.
 *   <li>A checkpoint is signed after {@link ChainedFileOptions#checkpointEvery()} records, when the
 *       oldest unsigned record is {@link ChainedFileOptions#checkpointInterval()} old (checked on
 *       append and by a background thread), on rotation and on close.
 *   <li>{@link FsyncPolicy#ALWAYS}: an append returns once a force covering it is done; appends
 *       written while one force runs share the next (group commit). {@link FsyncPolicy#BATCH}: an
 *       append returns once written to the operating system (so it survives the process being
 *       killed) and a background force follows within {@link #BATCH_FORCE_INTERVAL}; a power loss
 *       may lose that window. {@link FsyncPolicy#OS}: no forcing.
 *   <li>Restarting continues the chain from the last record on disk; a line torn by a crash (never
 *       acknowledged) is cut off, and records a crash left unsigned get a checkpoint at once.
 *   <li>One writer per directory (an exclusive lock on {@code .lock}); after a write or force
 *       failure the log refuses further appends instead of risking a broken chain.
 * </ul>
 */
public final class ChainedFileAuditLog implements AuditLog {

  private static final Logger LOG = LoggerFactory.getLogger(ChainedFileAuditLog.class);

  /** Under {@link FsyncPolicy#BATCH}, the longest a written record waits for its force. */
  public static final Duration BATCH_FORCE_INTERVAL = Duration.ofMillis(10);

  private final Path dir;
  private final AuditSigningKey key;
  private final ChainedFileOptions options;
  private final FileChannel lockChannel;
  private final FileLock dirLock;
  private final ScheduledExecutorService scheduler;
  private final RecordListener listener;

  private final ReentrantLock lock = new ReentrantLock();
  private volatile FileChannel channel;
  private Path currentFile;
  private long fileSize;
  private long nextSeq;
  private String lastHash;
  private long events;
  private long unsigned;
  private Instant firstUnsignedAt;
  private boolean closed;
  private volatile boolean broken;
  private long headSeq;
  private String headFile;
  private byte[] headLine;

  private final ReentrantLock forceLock = new ReentrantLock();
  private final AtomicLong forces = new AtomicLong();
  private final ReentrantLock syncLock = new ReentrantLock();
  private final Condition synced = syncLock.newCondition();
  private volatile long writtenSeq;
  private long durableSeq;
  private boolean syncing;
  private volatile long lastGroupSize;

  private final ReentrantLock headLock = new ReentrantLock();
  private long savedHeadSeq;

  private ChainedFileAuditLog(
      Path dir,
      AuditSigningKey key,
      ChainedFileOptions options,
      FileChannel lockChannel,
      FileLock dirLock,
      ChainTail tail,
      RecordListener listener)
      throws IOException {
    this.dir = dir;
    this.listener = listener;
    this.key = key;
    this.options = options;
    this.lockChannel = lockChannel;
    this.dirLock = dirLock;
    this.nextSeq = tail.lastSeq() + 1;
    this.lastHash = tail.lastHash();
    this.events = tail.events();
    this.unsigned = tail.unsigned();
    this.firstUnsignedAt = unsigned > 0 ? options.clock().instant() : null;
    this.writtenSeq = tail.lastSeq();
    this.durableSeq = tail.lastSeq();
    if (tail.file() == null) {
      openNewFile();
    } else {
      this.currentFile = tail.file();
      this.channel = FileChannel.open(currentFile, StandardOpenOption.WRITE);
      this.fileSize = channel.size();
      channel.position(fileSize);
    }
    if (tail.lastCheckpointLine() != null) {
      this.headSeq = tail.lastSeq() - tail.unsigned();
      this.headFile = currentFile.getFileName().toString();
      this.headLine = tail.lastCheckpointLine();
    }
    if (unsigned > 0) {
      LOG.warn("Audit log {}: signing {} records a crash left unsigned", dir, unsigned);
      try {
        writeCheckpoint();
        forceNow();
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    }
    Duration tick = options.checkpointInterval().dividedBy(2);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(runnable -> {
          Thread thread = new Thread(runnable, "audit-checkpoint");
          thread.setDaemon(true);
          return thread;
        });
    scheduler.scheduleWithFixedDelay(
        this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    if (options.fsync() == FsyncPolicy.BATCH) {
      long every = BATCH_FORCE_INTERVAL.toMillis();
      scheduler.scheduleWithFixedDelay(this::forceWritten, every, every, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Opens the audit directory {@code dir} (creating it with mode 0700 if needed) and continues its
   * chain, signing checkpoints with {@code key}.
   *
   * @throws IOException if the directory cannot be used, another writer holds it, or its last
   *     record cannot be read
   */
  public static ChainedFileAuditLog open(Path dir, AuditSigningKey key, ChainedFileOptions options)
      throws IOException {
    return open(dir, key, options, null);
  }

  /**
   * Like {@link #open(Path, AuditSigningKey, ChainedFileOptions)}, and tells {@code listener} about
   * every record written from now on ({@code null} for none).
   */
  public static ChainedFileAuditLog open(
      Path dir, AuditSigningKey key, ChainedFileOptions options, RecordListener listener)
      throws IOException {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(options, "options");
    Path path = dir.toAbsolutePath();
    PrivateDirectories.create(path);
    FileChannel lockChannel =
        FileChannel.open(
            path.resolve(AuditFiles.LOCK),
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
            ownerOnly());
    try {
      FileLock dirLock;
      try {
        dirLock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        dirLock = null;
      }
      if (dirLock == null) {
        throw new IOException("audit directory " + path + " is already open in another writer");
      }
      ChainTail tail = ChainTail.recover(path);
      return new ChainedFileAuditLog(path, key, options, lockChannel, dirLock, tail, listener);
    } catch (IOException | RuntimeException e) {
      lockChannel.close();
      throw e;
    }
  }

  /** The directory this log writes. */
  public Path directory() {
    return dir;
  }

  /** The file being written now. */
  public Path currentFile() {
    lock.lock();
    try {
      return currentFile;
    } finally {
      lock.unlock();
    }
  }

  /** The sequence number of the last record written (0 if none). */
  public long lastSeq() {
    lock.lock();
    try {
      return nextSeq - 1;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void append(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    AuditEvent redacted = options.redactor() == null ? event : options.redactor().apply(event);
    byte[] canonical = RecordCodec.canonicalEvent(redacted);
    long seq;
    lock.lock();
    try {
      checkWritable();
      if (fileSize >= options.maxFileBytes()) {
        rotate();
      }
      write(RecordCodec.eventRecord(nextSeq, canonical, lastHash));
      events++;
      if (unsigned++ == 0) {
        firstUnsignedAt = options.clock().instant();
      }
      if (checkpointDue()) {
        writeCheckpoint();
      }
      seq = nextSeq - 1;
    } catch (IOException e) {
      broken = true;
      throw new UncheckedIOException("could not append to audit log " + dir, e);
    } finally {
      lock.unlock();
    }
    if (options.fsync() == FsyncPolicy.ALWAYS) {
      awaitDurable(seq);
    }
  }

  /**
   * Signs a checkpoint now if any record is unsigned, and makes it durable as the fsync policy
   * says.
   */
  public void checkpoint() {
    long seq;
    lock.lock();
    try {
      checkWritable();
      if (unsigned == 0) {
        return;
      }
      writeCheckpoint();
      seq = nextSeq - 1;
    } catch (IOException e) {
      broken = true;
      throw new UncheckedIOException("could not checkpoint audit log " + dir, e);
    } finally {
      lock.unlock();
    }
    if (options.fsync() == FsyncPolicy.ALWAYS) {
      awaitDurable(seq);
    }
  }

  /**
   * Signs a checkpoint if the oldest unsigned record has waited {@link
   * ChainedFileOptions#checkpointInterval()}; the background thread calls this regularly.
   */
  public void checkpointIfDue() {
    lock.lock();
    try {
      if (closed || broken || unsigned == 0 || !intervalElapsed()) {
        return;
      }
    } finally {
      lock.unlock();
    }
    checkpoint();
  }

  private void tick() {
    try {
      checkpointIfDue();
      saveHead();
    } catch (RuntimeException e) {
      LOG.error("Audit log {}: background checkpoint failed", dir, e);
    }
  }

  /** The {@link FsyncPolicy#BATCH} background force: makes every record written so far durable. */
  private void forceWritten() {
    if (broken) {
      return; // the failure was logged once; appends already refuse
    }
    try {
      awaitDurable(writtenSeq);
    } catch (RuntimeException e) {
      LOG.error("Audit log {}: background force failed", dir, e);
    }
  }

  private void checkWritable() {
    if (closed) {
      throw new IllegalStateException("audit log " + dir + " is closed");
    }
    if (broken) {
      throw new IllegalStateException("audit log " + dir + " failed earlier; reopen it");
    }
  }

  private boolean checkpointDue() {
    return unsigned >= options.checkpointEvery() || intervalElapsed();
  }

  private boolean intervalElapsed() {
    return firstUnsignedAt != null
        && !options.clock().instant().isBefore(firstUnsignedAt.plus(options.checkpointInterval()));
  }

  private void write(RecordCodec.Encoded record) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(record.line());
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    fileSize += record.line().length;
    lastHash = record.hash();
    writtenSeq = nextSeq;
    if (listener != null) {
      byte[] line = record.line();
      listener.written(nextSeq, new String(line, 0, line.length - 1, StandardCharsets.UTF_8));
    }
    nextSeq++;
  }

  private void writeCheckpoint() throws IOException {
    Checkpoint statement =
        new Checkpoint(lastHash, nextSeq - 1, events, options.clock().instant(), key.keyId());
    String sig = key.sign(RecordCodec.canonicalCheckpoint(statement));
    RecordCodec.Encoded record = RecordCodec.checkpointRecord(nextSeq, statement, sig, lastHash);
    write(record);
    unsigned = 0;
    firstUnsignedAt = null;
    headSeq = nextSeq - 1;
    headFile = currentFile.getFileName().toString();
    headLine = record.line();
  }

  private void rotate() throws IOException {
    if (unsigned > 0) {
      writeCheckpoint();
    }
    forceLock.lock();
    try {
      if (options.fsync() != FsyncPolicy.OS) {
        channel.force(false);
        forces.incrementAndGet();
      }
      channel.close();
      markDurable(nextSeq - 1);
      openNewFile();
    } finally {
      forceLock.unlock();
    }
  }

  private void openNewFile() throws IOException {
    Path file = dir.resolve(AuditFiles.fileName(nextSeq));
    FileChannel created =
        FileChannel.open(
            file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly());
    if (options.fsync() != FsyncPolicy.OS) {
      AtomicFiles.syncDirectory(dir);
    }
    currentFile = file;
    fileSize = 0;
    channel = created;
  }

  private void forceNow() throws IOException {
    if (options.fsync() == FsyncPolicy.OS) {
      return;
    }
    forceLock.lock();
    try {
      channel.force(false);
      forces.incrementAndGet();
    } finally {
      forceLock.unlock();
    }
    markDurable(nextSeq - 1);
  }

  private void markDurable(long seq) {
    syncLock.lock();
    try {
      if (seq > durableSeq) {
        durableSeq = seq;
        synced.signalAll();
      }
    } finally {
      syncLock.unlock();
    }
  }

  /** Group commit: one waiting append forces the file for all, the others wait for its result. */
  private void awaitDurable(long seq) {
    syncLock.lock();
    try {
      while (durableSeq < seq) {
        if (broken) {
          throw new IllegalStateException("audit log " + dir + " failed to sync; reopen it");
        }
        if (syncing) {
          synced.awaitUninterruptibly();
          continue;
        }
        long durableBefore = durableSeq;
        syncing = true;
        syncLock.unlock();
        gatherGroup(durableBefore);
        long target = 0;
        IOException failure = null;
        forceLock.lock();
        try {
          target = writtenSeq;
          FileChannel current = channel;
          if (current.isOpen()) {
            current.force(false);
            forces.incrementAndGet();
          }
        } catch (IOException e) {
          failure = e;
        } finally {
          forceLock.unlock();
          syncLock.lock();
          syncing = false;
          if (failure == null) {
            lastGroupSize = target - durableBefore;
            durableSeq = Math.max(durableSeq, target);
          } else {
            // After a failed fsync the kernel may have dropped the pages: trust nothing since.
            broken = true;
            LOG.error("Audit log {}: fsync failed", dir, failure);
          }
          synced.signalAll();
        }
      }
    } finally {
      syncLock.unlock();
    }
  }

  /**
   * The group-commit window: the leading append waits until as many records as the previous force
   * covered (at most {@link ChainedFileOptions#groupCommitRecords()}) are written past {@code
   * durable}, or {@link ChainedFileOptions#groupCommitWindow()} has passed, so the appenders
   * released by one force share the next one instead of the first of them forcing alone. It does
   * not wait when the previous force covered a single record: a lone appender gains nothing.
   */
  private void gatherGroup(long durable) {
    long window = options.groupCommitWindow().toNanos();
    if (window == 0 || lastGroupSize <= 1) {
      return; // no window, or a lone appender: waiting would only add latency
    }
    long wanted = Math.min(lastGroupSize, options.groupCommitRecords());
    long deadline = System.nanoTime() + window;
    while (writtenSeq - durable < wanted && !broken) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      LockSupport.parkNanos(Math.min(left, 50_000));
    }
  }

  /** How many times this log forced a file to disk (for tests and metrics). */
  long forceCount() {
    return forces.get();
  }

  /** Holds every force until the returned handle is closed (lets tests stage a group commit). */
  AutoCloseable pauseForces() {
    forceLock.lock();
    return forceLock::unlock;
  }

  private void saveHead() {
    headLock.lock();
    try {
      long seq;
      String file;
      byte[] line;
      lock.lock();
      try {
        seq = headSeq;
        file = headFile;
        line = headLine;
      } finally {
        lock.unlock();
      }
      if (line == null || seq <= savedHeadSeq) {
        return;
      }
      HeadFile.write(dir, file, line, options.fsync() != FsyncPolicy.OS);
      savedHeadSeq = seq;
    } catch (IOException e) {
      LOG.warn("Audit log {}: could not save {}", dir, AuditFiles.HEAD, e);
    } finally {
      headLock.unlock();
    }
  }

  @Override
  public void close() {
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      IOException failure = null;
      if (!broken) {
        try {
          if (unsigned > 0) {
            writeCheckpoint();
          }
          forceLock.lock();
          try {
            channel.force(true);
          } finally {
            forceLock.unlock();
          }
          markDurable(nextSeq - 1);
        } catch (IOException e) {
          broken = true;
          failure = e;
        }
      }
      forceLock.lock();
      try {
        channel.close();
        dirLock.release();
        lockChannel.close();
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      } finally {
        forceLock.unlock();
      }
      if (failure != null) {
        throw new UncheckedIOException("could not close audit log " + dir, failure);
      }
    } finally {
      lock.unlock();
    }
    saveHead();
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  private static FileAttribute<?>[] ownerOnly() {
    return posix()
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
        }
        : new FileAttribute<?>[0];
  }
}
