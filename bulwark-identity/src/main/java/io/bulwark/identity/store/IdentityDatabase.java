package io.bulwark.identity.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The database behind the identity stores: an embedded H2 file under the data dir (the default) or
 * PostgreSQL, both brought up to date with the same Flyway migrations ({@code db/identity}, history
 * table {@code bulwark_identity_schema_history}) when opened. Owns its connection pool.
 */
public final class IdentityDatabase implements AutoCloseable {

  /** Default size of the connection pool. */
  public static final int DEFAULT_POOL_SIZE = 8;

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final HikariDataSource pool;
  private final Jdbc jdbc;

  private IdentityDatabase(HikariDataSource pool) {
    this.pool = pool;
    this.jdbc = new Jdbc(pool);
  }

  /**
   * Opens (creating if needed) the H2 database in file {@code file} (without the {@code .mv.db}
   * suffix H2 adds) and migrates it.
   */
  public static IdentityDatabase h2(Path file) {
    HikariConfig config = base("bulwark-identity-h2", DEFAULT_POOL_SIZE);
    config.setJdbcUrl("jdbc:h2:file:" + file.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE");
    config.setUsername("sa");
    config.setPassword("");
    return open(config);
  }

  /** Connects to PostgreSQL at {@code jdbcUrl} and migrates the schema. */
  public static IdentityDatabase postgres(String jdbcUrl, String user, String password) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("not a jdbc:postgresql: URL");
    }
    HikariConfig config = base("bulwark-identity-postgres", DEFAULT_POOL_SIZE);
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    if (password != null) {
      config.setPassword(password);
    }
    config.addDataSourceProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
    config.addDataSourceProperty("socketTimeout", "30");
    return open(config);
  }

  private static HikariConfig base(String name, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
    return config;
  }

  private static IdentityDatabase open(HikariConfig config) {
    HikariDataSource pool = new HikariDataSource(config);
    try {
      migrate(pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new IdentityDatabase(pool);
  }

  private static void migrate(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/identity")
        .table("bulwark_identity_schema_history")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }

  /** The pooled data source, for stores. */
  public DataSource dataSource() {
    return pool;
  }

  Jdbc jdbc() {
    return jdbc;
  }

  /** The client registry in this database. */
  public ClientStore clients() {
    return new ClientStore(jdbc);
  }

  /** The user directory in this database. */
  public UserStore users() {
    return new UserStore(jdbc);
  }

  /** Authorization codes and refresh-token families in this database. */
  public GrantStore grants() {
    return new GrantStore(jdbc);
  }

  /** Browser single sign-on sessions. */
  public BrowserSessionStore browserSessions() {
    return new BrowserSessionStore(jdbc);
  }

  /** Revoked tokens and the revocation event log in this database. */
  public RevocationStore revocations() {
    return new RevocationStore(jdbc);
  }

  /** TOTP second factors in this database. */
  public TotpStore totp() {
    return new TotpStore(jdbc);
  }

  /** The token signing keys in this database. */
  public SigningKeyStore signingKeys() {
    return new SigningKeyStore(jdbc);
  }

  @Override
  public void close() {
    pool.close();
  }
}
