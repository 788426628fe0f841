package io.bulwark.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The PostgreSQL server that tests use, one per JVM. When {@value #URL_ENV} is set (a JDBC URL such
 * as {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}) that server is used; otherwise an
 * embedded PostgreSQL starts on first use and stops when the JVM exits. Tests that change schema or
 * data take their own database from {@link #freshDatabase(String)} so they never collide.
 *
 * <p>On an external server the databases made by {@link #freshDatabase(String)} are dropped when
 * the JVM exits (best effort); the embedded server's data directory is deleted whole.
 *
 * <p>Connection URLs handed out carry no credentials; connect with {@link #user()} and {@link
 * #password()}, or with {@link #connect(String)}.
 */
public final class TestPostgres {

  /** Environment variable naming an existing server to use instead of the embedded one. */
  public static final String URL_ENV = "BULWARK_TEST_PG_URL";

  private static final System.Logger LOG = System.getLogger(TestPostgres.class.getName());
  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,39}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static TestPostgres shared;

  private final String serverUrl;
  private final String database;
  private final String query;
  private final String user;
  private final String password;
  private final boolean embedded;
  private final List<String> createdDatabases = new CopyOnWriteArrayList<>();
  private final AtomicBoolean cleanupRegistered = new AtomicBoolean();

  private TestPostgres(
      String serverUrl,
      String database,
      String query,
      String user,
      String password,
      boolean embedded) {
    this.serverUrl = serverUrl;
    this.database = database;
    this.query = query;
    this.user = user;
    this.password = password;
    this.embedded = embedded;
  }

  /** Returns the shared server for this JVM, starting the embedded one on first use if needed. */
  public static synchronized TestPostgres get() {
    if (shared == null) {
      String url = System.getenv(URL_ENV);
      if (url != null && !url.isBlank()) {
        shared = external(url.strip());
        LOG.log(
            System.Logger.Level.INFO,
            "Using external PostgreSQL from " + URL_ENV + ": " + shared.jdbcUrl());
      } else {
        shared = startEmbedded();
      }
    }
    return shared;
  }

  /**
   * Describes an existing server from a JDBC URL; {@code user} and {@code password} query
   * parameters become {@link #user()} and {@link #password()} and are removed from the URL.
   */
  static TestPostgres external(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          URL_ENV
              + " must be a jdbc:postgresql:// URL, got one starting with '"
              + jdbcUrl.substring(0, Math.min(jdbcUrl.length(), 18))
              + "'");
    }
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(URL_ENV + " has no host");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String database = path.startsWith("/") ? path.substring(1) : path;
    if (database.isEmpty()) {
      database = "postgres";
    }
    String user = System.getProperty("user.name");
    String password = null;
    List<String> kept = new ArrayList<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        switch (key) {
          case "user" -> user = value;
          case "password" -> password = value;
          default -> kept.add(pair);
        }
      }
    }
    String authority = uri.getRawAuthority();
    return new TestPostgres(
        "jdbc:postgresql://" + authority + "/",
        database,
        kept.isEmpty() ? "" : "?" + String.join("&", kept),
        user,
        password,
        false);
  }

  private static TestPostgres startEmbedded() {
    LOG.log(
        System.Logger.Level.INFO,
        URL_ENV + " is not set: starting embedded PostgreSQL (first start unpacks binaries)");
    EmbeddedPostgres pg;
    try {
      pg =
          EmbeddedPostgres.builder()
              .setRegisterShutdownHook(false)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("full_page_writes", "off")
              .setServerConfig("max_connections", "200")
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start", e);
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    pg.close();
                  } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "embedded PostgreSQL did not stop", e);
                  }
                },
                "test-postgres-stop"));
    TestPostgres instance =
        new TestPostgres(
            "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/",
            "postgres",
            "",
            "postgres",
            null,
            true);
    LOG.log(System.Logger.Level.INFO, "Using embedded PostgreSQL at " + instance.jdbcUrl());
    return instance;
  }

  /** JDBC URL of the server's main database (no credentials in it). */
  public String jdbcUrl() {
    return urlFor(database);
  }

  /** User name to connect with. */
  public String user() {
    return user;
  }

  /** Password to connect with, or {@code null} when the server needs none. */
  public String password() {
    return password;
  }

  /** Whether this is the embedded server started by the test kit. */
  public boolean embedded() {
    return embedded;
  }

  /** Opens a connection to the main database. */
  public Connection connect() throws SQLException {
    return connect(jdbcUrl());
  }

  /** Opens a connection to {@code jdbcUrl} (for example one from {@link #freshDatabase}). */
  public Connection connect(String jdbcUrl) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    if (password != null) {
      props.setProperty("password", password);
    }
    return DriverManager.getConnection(jdbcUrl, props);
  }

  /**
   * Creates an empty database named {@code prefix} plus a unique suffix and returns its JDBC URL.
   *
   * @param prefix lower-case letters, digits and underscores, starting with a letter, at most 40
   *     characters
   */
  public String freshDatabase(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "database prefix must match " + PREFIX.pattern() + ": " + prefix);
    }
    byte[] suffix = new byte[6];
    RANDOM.nextBytes(suffix);
    String name = prefix + "_" + HexFormat.of().formatHex(suffix);
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE DATABASE "
              + name
              + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database " + name, e);
    }
    if (!embedded && cleanupRegistered.compareAndSet(false, true)) {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(this::dropCreatedDatabases, "test-postgres-cleanup"));
    }
    createdDatabases.add(name);
    return urlFor(name);
  }

  private String urlFor(String db) {
    return serverUrl + db + query;
  }

  private void dropCreatedDatabases() {
    if (createdDatabases.isEmpty()) {
      return;
    }
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      for (String name : createdDatabases) {
        try {
          statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
          LOG.log(System.Logger.Level.WARNING, "could not drop test database " + name, e);
        }
      }
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.WARNING, "could not drop test databases", e);
    }
  }

  @Override
  public String toString() {
    return "TestPostgres[" + jdbcUrl() + (embedded ? ", embedded" : ", external") + "]";
  }
}
