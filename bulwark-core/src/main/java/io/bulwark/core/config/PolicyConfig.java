package io.bulwark.core.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code policy} section: the watched policy directory and the decision API listener. The
 * listener is plain HTTP on loopback by default because its callers are proxies on the same host
 * (nginx {@code auth_request}, Envoy {@code ext_authz}); it is an admin-side endpoint.
 *
 * @param dir policy directory; empty means {@code dataDir/policies}, seeded with the bakery
 *     policies on first start
 * @param host host name or IP address the decision API binds to
 * @param port TCP port of the decision API, 0 to 65535; 0 picks a free port
 */
public record PolicyConfig(Optional<Path> dir, String host, int port) {
  /** Default {@code policy.host}: loopback only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** Default {@code policy.port}. */
  public static final int DEFAULT_PORT = 9901;

  /** Directory under the data dir used when {@code policy.dir} is null. */
  public static final Path DEFAULT_DIR_IN_DATA_DIR = Path.of("policies");

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException naming the key when a value is missing or out of range
   */
  public PolicyConfig {
    Checks.present("policy.dir", dir);
    Checks.host("policy.host", host);
    Checks.port("policy.port", port);
  }

  /** The documented defaults. */
  public static PolicyConfig defaults() {
    return new PolicyConfig(Optional.empty(), DEFAULT_HOST, DEFAULT_PORT);
  }

  /** The policy directory: {@link #dir()} if set, otherwise {@code dataDir/policies}. */
  public Path resolveDir(Path dataDir) {
    return dir.orElse(dataDir.resolve(DEFAULT_DIR_IN_DATA_DIR));
  }
}
