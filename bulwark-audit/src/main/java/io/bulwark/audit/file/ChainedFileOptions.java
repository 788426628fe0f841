package io.bulwark.audit.file;

import io.bulwark.audit.redact.Redaction;
import io.bulwark.audit.redact.Redactor;
import io.bulwark.core.config.FsyncPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ChainedFileAuditLog} writes.
 *
 * @param fsync when appends are forced to disk (see {@code docs/audit.md})
 * @param maxFileBytes size after which the log moves on to a new file (default 100 MiB)
 * @param checkpointEvery sign a checkpoint after this many unsigned records (default 1000)
 * @param checkpointInterval sign a checkpoint once the oldest unsigned record is this old (default
 *     10 s); checked on append and by a background thread
 * @param clock the clock for checkpoint times and intervals
 * @param redactor HMACs configured identifiers; {@code null} for none
 * @param groupCommitWindow under {@link FsyncPolicy#ALWAYS}, how long the append that leads a group
 *     commit waits for more appends before forcing (default 0: force at once)
 * @param groupCommitRecords under {@link FsyncPolicy#ALWAYS}, force before the window ends once
 *     this many records wait (default 256)
 */
public record ChainedFileOptions(
    FsyncPolicy fsync,
    long maxFileBytes,
    int checkpointEvery,
    Duration checkpointInterval,
    Clock clock,
    Redactor redactor,
    Duration groupCommitWindow,
    int groupCommitRecords) {

  /** Default rotation size: 100 MiB. */
  public static final long DEFAULT_MAX_FILE_BYTES = 100L << 20;

  /** Default events between checkpoints. */
  public static final int DEFAULT_CHECKPOINT_EVERY = 1000;

  /** Default longest time a record stays unsigned. */
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

  /** Validates the values. */
  public ChainedFileOptions {
    Objects.requireNonNull(fsync, "fsync");
    if (maxFileBytes < 4096) {
      throw new IllegalArgumentException("maxFileBytes must be at least 4096");
    }
    if (checkpointEvery < 1) {
      throw new IllegalArgumentException("checkpointEvery must be at least 1");
    }
    if (checkpointInterval.compareTo(Duration.ofMillis(10)) < 0) {
      throw new IllegalArgumentException("checkpointInterval must be at least 10 ms");
    }
    Objects.requireNonNull(clock, "clock");
    if (groupCommitWindow.isNegative()
        || groupCommitWindow.compareTo(MAX_GROUP_COMMIT_WINDOW) > 0) {
      throw new IllegalArgumentException("groupCommitWindow must lie in 0..10 ms");
    }
    if (groupCommitRecords < 1) {
      throw new IllegalArgumentException("groupCommitRecords must be at least 1");
    }
  }

  /** Longest group-commit window: an append never waits longer than this for company. */
  public static final Duration MAX_GROUP_COMMIT_WINDOW = Duration.ofMillis(10);

  /** Default records that end a group-commit window early. */
  public static final int DEFAULT_GROUP_COMMIT_RECORDS = 256;

  /** The options without a group-commit window, as before it existed. */
  public ChainedFileOptions(
      FsyncPolicy fsync,
      long maxFileBytes,
      int checkpointEvery,
      Duration checkpointInterval,
      Clock clock,
      Redactor redactor) {
    this(
        fsync,
        maxFileBytes,
        checkpointEvery,
        checkpointInterval,
        clock,
        redactor,
        Duration.ZERO,
        DEFAULT_GROUP_COMMIT_RECORDS);
  }

  /**
   * A copy whose group commits (under {@link FsyncPolicy#ALWAYS}) wait up to {@code window} for
   * more appends, or until {@code records} wait, before forcing.
   */
  public ChainedFileOptions withGroupCommit(Duration window, int records) {
    return new ChainedFileOptions(
        fsync, maxFileBytes, checkpointEvery, checkpointInterval, clock, redactor, window, records);
  }

  /** The defaults: fsync always, 100 MiB files, a checkpoint every 1000 events or 10 s. */
  public static ChainedFileOptions defaults() {
    return new ChainedFileOptions(
        FsyncPolicy.ALWAYS,
        DEFAULT_MAX_FILE_BYTES,
        DEFAULT_CHECKPOINT_EVERY,
        DEFAULT_CHECKPOINT_INTERVAL,
        Clock.systemUTC(),
        null);
  }

  /** A copy with another fsync policy. */
  public ChainedFileOptions withFsync(FsyncPolicy value) {
    return new ChainedFileOptions(
        value,
        maxFileBytes,
        checkpointEvery,
        checkpointInterval,
        clock,
        redactor,
        groupCommitWindow,
        groupCommitRecords);
  }

  /** A copy with another rotation size. */
  public ChainedFileOptions withMaxFileBytes(long value) {
    return new ChainedFileOptions(
        fsync,
        value,
        checkpointEvery,
        checkpointInterval,
        clock,
        redactor,
        groupCommitWindow,
        groupCommitRecords);
  }

  /** A copy with other checkpoint triggers. */
  public ChainedFileOptions withCheckpoints(int every, Duration interval) {
    return new ChainedFileOptions(
        fsync,
        maxFileBytes,
        every,
        interval,
        clock,
        redactor,
        groupCommitWindow,
        groupCommitRecords);
  }

  /** A copy with another clock. */
  public ChainedFileOptions withClock(Clock value) {
    return new ChainedFileOptions(
        fsync,
        maxFileBytes,
        checkpointEvery,
        checkpointInterval,
        value,
        redactor,
        groupCommitWindow,
        groupCommitRecords);
  }

  /** A copy that HMACs identifiers as {@code redaction} says, under {@code hmacKey}. */
  public ChainedFileOptions withRedaction(Redaction redaction, byte[] hmacKey) {
    return new ChainedFileOptions(
        fsync,
        maxFileBytes,
        checkpointEvery,
        checkpointInterval,
        clock,
        new Redactor(redaction, hmacKey),
        groupCommitWindow,
        groupCommitRecords);
  }
}
