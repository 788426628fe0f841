package io.bulwark.cli.up;

import io.bulwark.core.http.HealthCheck;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Readiness of an embedded store: a connection can be borrowed and is valid within one second. */
final class DatabaseHealth {
  private static final int VALIDATION_TIMEOUT_SECONDS = 1;

  private DatabaseHealth() {}

  static HealthCheck.Result check(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(VALIDATION_TIMEOUT_SECONDS)
          ? HealthCheck.Result.up()
          : HealthCheck.Result.down("connection not valid");
    }
  }
}
