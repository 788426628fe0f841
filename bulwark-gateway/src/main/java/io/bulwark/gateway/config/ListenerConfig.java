package io.bulwark.gateway.config;

import java.util.Objects;

/**
 * One address the gateway accepts connections on.
 *
 * @param name unique name, used in logs and to look up the bound port
 * @param host address to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port TCP port, 0 for any free port
 * @param tls TLS settings, or {@code null} for plain HTTP
 */
public record ListenerConfig(String name, String host, int port, ServerTlsConfig tls) {

  /** Checks the name, host and port range. */
  public ListenerConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("listener port must be 0-65535, was " + port);
    }
  }

  /** A plain-HTTP listener. */
  public static ListenerConfig plain(String name, String host, int port) {
    return new ListenerConfig(name, host, port, null);
  }
}
