package io.bulwark.audit.postgres;

import io.bulwark.audit.verify.AuditVerifier;
import io.bulwark.audit.verify.VerificationResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Properties;

/**
 * Verifies the copy of the chain in PostgreSQL table {@code audit_records}: the rows, read in seq
 * order through a cursor, are checked by {@link AuditVerifier#verifyRecords} exactly like the lines
 * of a chain file. Failures name {@code audit_records} and the row's position.
 */
public final class PostgresAuditVerifier {

  /** How failures name the table. */
  public static final Path SOURCE = Path.of("audit_records");

  private static final int FETCH_SIZE = 1000;

  private PostgresAuditVerifier() {}

  /**
   * Reads every row of the table {@code config} points at and verifies them with {@code verifier}.
   *
   * @throws SQLException if the database cannot be read
   */
  public static VerificationResult verify(PostgresSinkConfig config, AuditVerifier verifier)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", config.user());
    if (config.password() != null) {
      properties.setProperty("password", config.password());
    }
    properties.setProperty(
        "connectTimeout", Long.toString(Math.max(1, config.connectTimeout().toSeconds())));
    try (Connection connection = DriverManager.getConnection(config.jdbcUrl(), properties)) {
      connection.setAutoCommit(false);
      connection.setReadOnly(true);
      try (PreparedStatement select = connection.prepareStatement(AuditTable.SELECT)) {
        select.setFetchSize(FETCH_SIZE);
        try (ResultSet rows = select.executeQuery()) {
          return verifier.verifyRecords(SOURCE, new Rows(rows));
        } catch (UncheckedSqlException e) {
          throw e.getCause();
        }
      } finally {
        connection.rollback();
      }
    }
  }

  private static final class Rows implements Iterator<String> {
    private final ResultSet rows;
    private String next;
    private boolean done;

    Rows(ResultSet rows) {
      this.rows = rows;
    }

    @Override
    public boolean hasNext() {
      if (next == null && !done) {
        try {
          if (rows.next()) {
            next = rows.getString(2);
          } else {
            done = true;
          }
        } catch (SQLException e) {
          throw new UncheckedSqlException(e);
        }
      }
      return next != null;
    }

    @Override
    public String next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      String line = next;
      next = null;
      return line;
    }
  }

  private static final class UncheckedSqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedSqlException(SQLException cause) {
      super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }
}
