package io.bulwark.examples.bakery.store;

import java.sql.SQLException;

/** A database operation failed; the HTTP layer answers 500 and logs it. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String operation, SQLException cause) {
    super(operation + " failed", cause);
  }
}
