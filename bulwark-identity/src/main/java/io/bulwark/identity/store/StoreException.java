package io.bulwark.identity.store;

import java.sql.SQLException;

/**
 * The identity database failed or refused a write. {@link #isConflict()} tells a duplicate key (the
 * caller's input clashes with stored data) from a failure of ours.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean conflict;

  StoreException(String message, Throwable cause, boolean conflict) {
    super(message, cause);
    this.conflict = conflict;
  }

  static StoreException of(SQLException e) {
    String state = e.getSQLState();
    boolean conflict = state != null && state.startsWith("23");
    return new StoreException(
        conflict ? "duplicate or conflicting record" : "identity database failure", e, conflict);
  }

  /** Whether the write clashed with a stored record (SQL state class 23). */
  public boolean isConflict() {
    return conflict;
  }
}
