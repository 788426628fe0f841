package io.bulwark.audit.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.bulwark.audit.sink.AuditSink;
import io.bulwark.audit.sink.SinkRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Copies chained audit records into PostgreSQL table {@code audit_records}, one transaction per
 * batch. Inserts ignore a seq that is already stored, so a retried batch is harmless. The schema is
 * migrated (Flyway, {@code db/audit/postgresql}) on the first write that reaches the database, so
 * the sink starts even while the database is down.
 */
public final class PostgresAuditSink implements AuditSink {

  private final HikariDataSource pool;
  private volatile boolean migrated;

  private PostgresAuditSink(HikariDataSource pool) {
    this.pool = pool;
  }

  /** A sink writing where {@code config} says; connects lazily. */
  public static PostgresAuditSink open(PostgresSinkConfig config) {
    return new PostgresAuditSink(AuditTable.pool(config));
  }

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public void write(List<SinkRecord> records) throws SQLException {
    if (!migrated) {
      AuditTable.migrate(pool);
      migrated = true;
    }
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement(AuditTable.INSERT)) {
        for (SinkRecord record : records) {
          insert.setLong(1, record.seq());
          insert.setString(2, record.isCheckpoint() ? "checkpoint" : "event");
          insert.setString(3, hashOf(record.line()));
          insert.setString(4, record.line());
          insert.addBatch();
        }
        insert.executeBatch();
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /** The {@code hash} member, which the writer always puts last in the line. */
  private static String hashOf(String line) {
    int end = line.length() - 2;
    int start = end - 64;
    if (start < 0 || !line.startsWith(",\"hash\":\"", start - 9)) {
      throw new IllegalArgumentException("record line does not end with its hash");
    }
    return line.substring(start, end);
  }

  @Override
  public void close() {
    pool.close();
  }
}
