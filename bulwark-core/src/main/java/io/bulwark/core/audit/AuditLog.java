package io.bulwark.core.audit;

/**
 * Where audit events go. Implementations are thread-safe: any component may append from any thread.
 */
public interface AuditLog extends AutoCloseable {

  /**
   * Records {@code event}, returning only once it is as durable as the log's policy promises (for
   * {@link JsonlAuditLog} with {@link JsonlAuditLog.FsyncPolicy#ALWAYS}: on disk).
   *
   * @throws java.io.UncheckedIOException if the event could not be recorded
   * @throws IllegalStateException if the log is closed or broken by an earlier write failure
   */
  void append(AuditEvent event);

  /** Flushes what is pending and releases the log's resources; further appends fail. */
  @Override
  void close();
}
