package io.bulwark.core.config;

/**
 * The {@code admin} section: where the admin listener ({@code /health/live}, {@code /health/ready},
 * {@code /metrics}) binds. Loopback by default so metrics stay off the network.
 *
 * @param host host name or IP address to bind
 * @param port TCP port, 0 to 65535; 0 picks a free port
 */
public record AdminConfig(String host, int port) {
  /** Default {@code admin.host}: loopback only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** Default {@code admin.port}. */
  public static final int DEFAULT_PORT = 9900;

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException naming the key when a value is missing or out of range
   */
  public AdminConfig {
    Checks.host("admin.host", host);
    Checks.port("admin.port", port);
  }

  /** The documented defaults. */
  public static AdminConfig defaults() {
    return new AdminConfig(DEFAULT_HOST, DEFAULT_PORT);
  }
}
