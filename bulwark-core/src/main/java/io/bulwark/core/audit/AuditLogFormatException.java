package io.bulwark.core.audit;

import java.io.IOException;
import java.nio.file.Path;

/** An audit log file holds a line that is not a valid audit event. */
public final class AuditLogFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long line;

  AuditLogFormatException(Path file, long line, String problem) {
    super(file + ":" + line + ": " + problem);
    this.file = file;
    this.line = line;
  }

  /** The file that holds the bad line. */
  public Path file() {
    return file;
  }

  /** The 1-based number of the bad line. */
  public long line() {
    return line;
  }
}
