package io.bulwark.audit.sink;

/**
 * What a {@link FanOutAuditLog} does when an event cannot be recorded (the same choice Vault makes
 * for its audit devices).
 */
public enum AuditMode {
  /**
   * Fail closed: {@code append} throws {@link AuditUnavailableException} and the caller must refuse
   * the operation it was about to audit.
   */
  REQUIRED,
  /** Log, count in {@code audit.append.failures}, and let the operation go ahead. */
  BEST_EFFORT
}
