package io.bulwark.audit.syslog;

import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Where and how the syslog sink sends.
 *
 * @param host the collector's host name or address
 * @param port its TCP port (6514 for TLS by RFC 5425, often 514 or 601 for plain TCP)
 * @param tls the trust for TLS ({@code null}: plain TCP); the collector's certificate must match
 *     {@code host}
 * @param appName the APP-NAME field (default {@code bulwark})
 * @param hostname the HOSTNAME field (the local host name unless given)
 * @param connectTimeout the longest wait to connect and handshake
 */
public record SyslogConfig(
    String host,
    int port,
    SSLContext tls,
    String appName,
    String hostname,
    Duration connectTimeout) {

  /** Validates the values. */
  public SyslogConfig {
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must lie in 1..65535");
    }
    appName = SyslogMessages.field(appName == null ? "bulwark" : appName, 48);
    hostname =
        SyslogMessages.field(hostname == null ? SyslogMessages.localHostName() : hostname, 255);
    Objects.requireNonNull(connectTimeout, "connectTimeout");
  }

  /** Plain TCP to {@code host:port}, 5 s connect timeout. */
  public static SyslogConfig tcp(String host, int port) {
    return new SyslogConfig(host, port, null, null, null, Duration.ofSeconds(5));
  }

  /** TLS to {@code host:port} trusting what {@code tls} trusts, 5 s connect timeout. */
  public static SyslogConfig tls(String host, int port, SSLContext tls) {
    return new SyslogConfig(
        host, port, Objects.requireNonNull(tls, "tls"), null, null, Duration.ofSeconds(5));
  }
}
