package io.bulwark.audit.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the PostgreSQL audit sink writes.
 *
 * @param jdbcUrl a {@code jdbc:postgresql:} URL
 * @param user the database user
 * @param password the user's password ({@code null} for none); never shown by {@link #toString}
 * @param poolSize connections in the pool (default 2: one delivery thread writes)
 * @param connectTimeout the longest wait for a connection (default 5 s)
 */
public record PostgresSinkConfig(
    String jdbcUrl, String user, String password, int poolSize, Duration connectTimeout) {

  /** Validates the values. */
  public PostgresSinkConfig {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("jdbcUrl must be a jdbc:postgresql: URL");
    }
    Objects.requireNonNull(user, "user");
    if (poolSize < 1 || poolSize > 16) {
      throw new IllegalArgumentException("poolSize must lie in 1..16");
    }
    if (connectTimeout.compareTo(Duration.ofMillis(250)) < 0) {
      throw new IllegalArgumentException("connectTimeout must be at least 250 ms");
    }
  }

  /** A pool of 2 with a 5 s connect timeout. */
  public static PostgresSinkConfig of(String jdbcUrl, String user, String password) {
    return new PostgresSinkConfig(jdbcUrl, user, password, 2, Duration.ofSeconds(5));
  }

  @Override
  public String toString() {
    return "PostgresSinkConfig[jdbcUrl="
        + jdbcUrl
        + ", user="
        + user
        + ", password="
        + (password == null ? "none" : "***")
        + ", poolSize="
        + poolSize
        + ", connectTimeout="
        + connectTimeout
        + "]";
  }
}
