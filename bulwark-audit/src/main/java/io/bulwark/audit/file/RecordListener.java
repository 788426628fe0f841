package io.bulwark.audit.file;

/**
 * Told about every record a {@link ChainedFileAuditLog} writes, in chain order, so copies can go to
 * secondary sinks. It is called under the writer's lock, right after the record reached the file
 * (before any fsync), so it must not block: hand the line to a bounded queue and return.
 */
@FunctionalInterface
public interface RecordListener {

  /**
   * The record {@code seq} was written as {@code line} (UTF-8, without its line end).
   *
   * @param seq the record's sequence number
   * @param line the record's JSON line
   */
  void written(long seq, String line);
}
