package io.bulwark.audit.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The {@code audit_records} table: its migration, and pools that reach it. */
final class AuditTable {

  static final String INSERT =
      "insert into audit_records (seq, kind, hash, line) values (?, ?, ?, ?)"
          + " on conflict (seq) do nothing";
  static final String SELECT = "select seq, line from audit_records order by seq";

  private AuditTable() {}

  /** Brings the schema up to date (its own history table, so it can share a database). */
  static void migrate(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/audit/postgresql")
        .table("bulwark_audit_schema_history")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }

  /** A small pool that starts even while the database is down, and times out quickly. */
  static HikariDataSource pool(PostgresSinkConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("bulwark-audit-postgres");
    hikari.setJdbcUrl(config.jdbcUrl());
    hikari.setUsername(config.user());
    if (config.password() != null) {
      hikari.setPassword(config.password());
    }
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setMinimumIdle(0);
    hikari.setInitializationFailTimeout(-1);
    hikari.setConnectionTimeout(config.connectTimeout().toMillis());
    hikari.setValidationTimeout(Math.max(250, config.connectTimeout().toMillis() / 2));
    long seconds = Math.max(1, config.connectTimeout().toSeconds());
    hikari.addDataSourceProperty("connectTimeout", Long.toString(seconds));
    hikari.addDataSourceProperty("socketTimeout", "30");
    return new HikariDataSource(hikari);
  }
}
