package io.bulwark.audit.sink;

/**
 * Thrown in {@link AuditMode#REQUIRED} mode when an event cannot be recorded: the operation being
 * audited must be refused (fail closed). The message never contains the event.
 */
public final class AuditUnavailableException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** An exception saying why the audit trail is unavailable. */
  public AuditUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
