package io.bulwark.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns a schema-valid configuration tree into {@link BulwarkConfig}, taking each missing key's
 * default from the records' constants. Rules that span keys are enforced by the records, which
 * throw {@link ConfigValueException}.
 */
final class ConfigBinder {
  private ConfigBinder() {}

  static BulwarkConfig bind(JsonNode root) {
    return new BulwarkConfig(
        path(root, "dataDir").orElse(BulwarkConfig.DEFAULT_DATA_DIR),
        log(root.path("log")),
        admin(root.path("admin")),
        tracing(root.path("tracing")),
        audit(root.path("audit")),
        tls(root.path("tls")),
        bakery(root.path("bakery")),
        policy(root.path("policy")),
        GatewayBinder.bind(root.path("gateway")));
  }

  private static LogConfig log(JsonNode log) {
    return new LogConfig(
        text(log, "format")
            .map(v -> LogFormat.fromYaml("log.format", v))
            .orElse(LogConfig.DEFAULT_FORMAT),
        text(log, "level").orElse(LogConfig.DEFAULT_LEVEL));
  }

  private static AdminConfig admin(JsonNode admin) {
    return new AdminConfig(
        text(admin, "host").orElse(AdminConfig.DEFAULT_HOST),
        integer(admin, "port", AdminConfig.DEFAULT_PORT));
  }

  private static TracingConfig tracing(JsonNode tracing) {
    return new TracingConfig(
        text(tracing, "serviceName").orElse(TracingConfig.DEFAULT_SERVICE_NAME),
        text(tracing, "otlpEndpoint").map(ConfigBinder::endpoint),
        tracing.path("sampleRatio").isNumber()
            ? tracing.get("sampleRatio").doubleValue()
            : TracingConfig.DEFAULT_SAMPLE_RATIO);
  }

  private static AuditConfig audit(JsonNode audit) {
    return new AuditConfig(
        path(audit, "dir", "audit.dir").orElse(AuditConfig.DEFAULT_DIR),
        text(audit, "fsync")
            .map(v -> FsyncPolicy.fromYaml("audit.fsync", v))
            .orElse(AuditConfig.DEFAULT_FSYNC));
  }

  private static TlsConfig tls(JsonNode tls) {
    return new TlsConfig(
        path(tls, "certFile", "tls.certFile"), path(tls, "keyFile", "tls.keyFile"));
  }

  private static BakeryConfig bakery(JsonNode bakery) {
    return new BakeryConfig(
        bakery.path("enabled").isBoolean()
            ? bakery.get("enabled").booleanValue()
            : BakeryConfig.DEFAULT_ENABLED,
        text(bakery, "host").orElse(BakeryConfig.DEFAULT_HOST),
        integer(bakery, "catalogPort", BakeryConfig.DEFAULT_CATALOG_PORT),
        integer(bakery, "ordersPort", BakeryConfig.DEFAULT_ORDERS_PORT),
        integer(bakery, "paymentsPort", BakeryConfig.DEFAULT_PAYMENTS_PORT));
  }

  private static PolicyConfig policy(JsonNode policy) {
    return new PolicyConfig(
        path(policy, "dir", "policy.dir"),
        text(policy, "host").orElse(PolicyConfig.DEFAULT_HOST),
        integer(policy, "port", PolicyConfig.DEFAULT_PORT));
  }

  private static Optional<String> text(JsonNode section, String key) {
    JsonNode value = section.path(key);
    return value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
  }

  private static int integer(JsonNode section, String key, int fallback) {
    JsonNode value = section.path(key);
    return value.isNumber() ? value.intValue() : fallback;
  }

  private static Optional<Path> path(JsonNode root, String key) {
    return path(root, key, key);
  }

  private static Optional<Path> path(JsonNode section, String key, String fullPath) {
    return text(section, key)
        .map(value -> {
          try {
            return Path.of(value);
          } catch (InvalidPathException e) {
            throw new ConfigValueException(fullPath, "is not a valid file path");
          }
        });
  }

  private static URI endpoint(String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new ConfigValueException("tracing.otlpEndpoint", "is not a valid URL");
    }
  }
}
