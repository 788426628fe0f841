package io.bulwark.examples.bakery.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.bulwark.core.fs.PrivateDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.flywaydb.core.Flyway;

/**
 * Opens one bakery service's own database: an H2 file under {@code <dataDir>/bakery/<service>},
 * behind a small bounded HikariCP pool, migrated by Flyway from {@code db/bakery/<service>}.
 * Services never share a database; each keeps its own schema history.
 */
public final class BakeryDatabase {
  /** The services that have a database. */
  public static final Set<String> SERVICES = Set.of("catalog", "orders", "payments");

  /** Most connections one service's pool holds. */
  public static final int MAX_POOL_SIZE = 4;

  /** How long a request waits for a free connection before failing. */
  public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  private BakeryDatabase() {}

  /**
   * Opens (creating on first use) and migrates {@code service}'s database. Close the returned pool
   * to release the database files.
   *
   * @throws IllegalArgumentException for an unknown service or an unusable data directory path
   * @throws UncheckedIOException when the directory can't be created
   */
  public static HikariDataSource open(Path dataDir, String service) {
    if (!SERVICES.contains(service)) {
      throw new IllegalArgumentException("unknown bakery service: " + service);
    }
    Path dir = dataDir.toAbsolutePath().normalize().resolve("bakery");
    if (dir.toString().contains(";")) {
      throw new IllegalArgumentException("data directory path must not contain ';'");
    }
    createPrivateDirectories(dir);

    HikariConfig config = new HikariConfig();
    config.setPoolName("bakery-" + service);
    config.setJdbcUrl(
        "jdbc:h2:file:" + dir.resolve(service) + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=5000");
    config.setUsername("sa");
    config.setPassword("");
    config.setMaximumPoolSize(MAX_POOL_SIZE);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    HikariDataSource pool = new HikariDataSource(config);
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:db/bakery/" + service)
          .load()
          .migrate();
      return pool;
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private static void createPrivateDirectories(Path dir) {
    try {
      PrivateDirectories.create(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }
}
