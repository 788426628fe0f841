package io.bulwark.audit.sink;

import java.util.List;

/**
 * A destination for copies of the chained audit records (PostgreSQL, syslog, webhook). A {@link
 * FanOutAuditLog} calls {@link #write} from one delivery thread per sink, oldest records first, and
 * retries a failed batch with backoff; implementations must therefore accept a batch again after a
 * failure (receivers deduplicate by {@code seq}).
 */
public interface AuditSink extends AutoCloseable {

  /** A short name for metrics and logs, such as {@code postgres} or {@code webhook}. */
  String name();

  /**
   * Delivers {@code records} (in chain order), returning only once the destination has them.
   *
   * @throws Exception if any record may not have arrived; the whole batch is retried
   */
  void write(List<SinkRecord> records) throws Exception;

  /** Releases connections and threads. */
  @Override
  void close();
}
