package io.bulwark.audit.sink;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How records are queued and delivered to one secondary sink.
 *
 * @param queueCapacity records held in memory waiting for delivery (default 10 000)
 * @param batchSize most records per {@link AuditSink#write} call (default 500)
 * @param backoff the wait between failed attempts; attempts go on until they succeed or the log
 *     closes (records wait in the bounded queue meanwhile)
 * @param spoolFile where records overflow to when the memory queue is full ({@code null}: no spool;
 *     records that do not fit are dropped and counted)
 * @param spoolMaxBytes the largest the spool file may grow (default 256 MiB)
 * @param closeTimeout how long {@code close} keeps delivering what is queued (default 5 s)
 */
public record SinkOptions(
    int queueCapacity,
    int batchSize,
    Backoff backoff,
    Path spoolFile,
    long spoolMaxBytes,
    Duration closeTimeout) {

  /** Default spool bound: 256 MiB. */
  public static final long DEFAULT_SPOOL_MAX_BYTES = 256L << 20;

  /** Validates the values. */
  public SinkOptions {
    if (queueCapacity < 1 || batchSize < 1) {
      throw new IllegalArgumentException("queueCapacity and batchSize must be at least 1");
    }
    Objects.requireNonNull(backoff, "backoff");
    if (spoolMaxBytes < 1) {
      throw new IllegalArgumentException("spoolMaxBytes must be positive");
    }
    Objects.requireNonNull(closeTimeout, "closeTimeout");
  }

  /** 10 000 records in memory, batches of 500, default backoff, no spool, 5 s to drain on close. */
  public static SinkOptions defaults() {
    return new SinkOptions(
        10_000, 500, Backoff.defaults(), null, DEFAULT_SPOOL_MAX_BYTES, Duration.ofSeconds(5));
  }

  /** A copy with another memory queue size. */
  public SinkOptions withQueueCapacity(int value) {
    return new SinkOptions(value, batchSize, backoff, spoolFile, spoolMaxBytes, closeTimeout);
  }

  /** A copy with another batch size. */
  public SinkOptions withBatchSize(int value) {
    return new SinkOptions(queueCapacity, value, backoff, spoolFile, spoolMaxBytes, closeTimeout);
  }

  /** A copy with another backoff. */
  public SinkOptions withBackoff(Backoff value) {
    return new SinkOptions(queueCapacity, batchSize, value, spoolFile, spoolMaxBytes, closeTimeout);
  }

  /** A copy that spools overflow to {@code file}, up to {@code maxBytes}. */
  public SinkOptions withSpool(Path file, long maxBytes) {
    return new SinkOptions(queueCapacity, batchSize, backoff, file, maxBytes, closeTimeout);
  }

  /** A copy with another close timeout. */
  public SinkOptions withCloseTimeout(Duration value) {
    return new SinkOptions(queueCapacity, batchSize, backoff, spoolFile, spoolMaxBytes, value);
  }
}
