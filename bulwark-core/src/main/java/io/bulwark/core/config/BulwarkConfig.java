package io.bulwark.core.config;

import java.nio.file.Path;

/**
 * The whole of {@code bulwark.yaml} as an immutable, validated value. Obtain one from {@link
 * ConfigLoader} (file, environment and overrides) or {@link #defaults()}.
 *
 * @param dataDir directory for keys, the local CA, stores and audit files
 * @param log process log settings
 * @param admin admin listener (health and metrics)
 * @param tracing tracing export
 * @param audit local audit log
 * @param tls server certificate
 * @param bakery example services started by {@code bulwark up}
 * @param policy policy directory and decision API listener
 * @param gateway gateway listeners, routes, clusters, timeouts and limits
 * @param identity the OAuth 2.1 / OpenID Connect server started by {@code bulwark up}
 */
public record BulwarkConfig(
    Path dataDir,
    LogConfig log,
    AdminConfig admin,
    TracingConfig tracing,
    AuditConfig audit,
    TlsConfig tls,
    BakeryConfig bakery,
    PolicyConfig policy,
    GatewayConfig gateway,
    IdentityConfig identity) {

  /** Default {@code dataDir}, relative to the working directory. */
  public static final Path DEFAULT_DATA_DIR = Path.of("./.bulwark");

  /**
   * Validates that every section is present (each section validates its own values).
   *
   * @throws IllegalArgumentException naming the key that is missing or empty
   */
  public BulwarkConfig {
    if (Checks.present("dataDir", dataDir).toString().isEmpty()) {
      throw new ConfigValueException("dataDir", "must not be empty");
    }
    Checks.present("log", log);
    Checks.present("admin", admin);
    Checks.present("tracing", tracing);
    Checks.present("audit", audit);
    Checks.present("tls", tls);
    Checks.present("bakery", bakery);
    Checks.present("policy", policy);
    Checks.present("gateway", gateway);
    Checks.present("identity", identity);
  }

  /** Every key at its documented default; what an empty {@code bulwark.yaml} gives. */
  public static BulwarkConfig defaults() {
    return new BulwarkConfig(
        DEFAULT_DATA_DIR,
        LogConfig.defaults(),
        AdminConfig.defaults(),
        TracingConfig.defaults(),
        AuditConfig.defaults(),
        TlsConfig.defaults(),
        BakeryConfig.defaults(),
        PolicyConfig.defaults(),
        GatewayConfig.defaults(),
        IdentityConfig.defaults());
  }

  /** The audit log directory, resolved against {@link #dataDir()} unless absolute. */
  public Path auditDir() {
    return audit.resolveDir(dataDir);
  }
}
