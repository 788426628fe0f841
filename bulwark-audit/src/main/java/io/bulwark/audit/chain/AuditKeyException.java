package io.bulwark.audit.chain;

import java.io.IOException;
import java.nio.file.Path;

/** A key file for the audit log is missing, unsafe or malformed; the message never quotes it. */
public final class AuditKeyException extends IOException {

  private static final long serialVersionUID = 1L;

  AuditKeyException(Path file, String problem) {
    super(file + ": " + problem);
  }
}
