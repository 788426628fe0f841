package io.bulwark.audit.sink;

import java.util.Objects;

/**
 * One chained record as a sink receives it: the exact JSON line of the chain file, so the copy can
 * be verified like the file.
 *
 * @param seq the record's sequence number
 * @param line the record's JSON line, without its line end
 */
public record SinkRecord(long seq, String line) {

  /** Validates the values. */
  public SinkRecord {
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be at least 1");
    }
    Objects.requireNonNull(line, "line");
    if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("a record line must not contain a line break");
    }
  }

  /** Whether this is a checkpoint record rather than an event record. */
  public boolean isCheckpoint() {
    return !line.startsWith("{\"event\":");
  }
}
