package io.bulwark.identity.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Small helpers over plain JDBC: bound parameters only, failures as {@link StoreException}. */
final class Jdbc {

  /** Maps the current row of a result set. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  /** Work done inside one transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;

  Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  int update(String sql, Object... params) {
    try (Connection c = dataSource.getConnection()) {
      return update(c, sql, params);
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      bind(statement, params);
      return statement.executeUpdate();
    }
  }

  <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
    try (Connection c = dataSource.getConnection()) {
      return query(c, sql, mapper, params);
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... params)
      throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      bind(statement, params);
      try (ResultSet rows = statement.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rows.next()) {
          out.add(mapper.map(rows));
        }
        return out;
      }
    }
  }

  <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) {
    List<T> rows = query(sql, mapper, params);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  <T> T inTransaction(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  private static void bind(PreparedStatement statement, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      if (p == null) {
        statement.setNull(i + 1, java.sql.Types.NULL);
      } else if (p instanceof Long l) {
        statement.setLong(i + 1, l);
      } else if (p instanceof Integer n) {
        statement.setInt(i + 1, n);
      } else if (p instanceof Boolean b) {
        statement.setBoolean(i + 1, b);
      } else {
        statement.setString(i + 1, p.toString());
      }
    }
  }

  /** A nullable BIGINT column. */
  static Long nullableLong(ResultSet row, String column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }
}
