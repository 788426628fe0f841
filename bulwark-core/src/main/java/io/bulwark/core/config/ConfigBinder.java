package io.bulwark.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.core.log.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
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
        GatewayBinder.bind(root.path("gateway")),
        identity(root.path("identity")));
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
    JsonNode postgres = audit.path("postgres");
    JsonNode syslog = audit.path("syslog");
    JsonNode detection = audit.path("detection");
    JsonNode alerts = audit.path("alerts");
    return new AuditConfig(
        path(audit, "dir", "audit.dir").orElse(AuditConfig.DEFAULT_DIR),
        text(audit, "fsync")
            .map(v -> FsyncPolicy.fromYaml("audit.fsync", v))
            .orElse(AuditConfig.DEFAULT_FSYNC),
        text(audit, "mode")
            .map(v -> AuditConfig.AuditFailureMode.fromYaml("audit.mode", v))
            .orElse(AuditConfig.DEFAULT_MODE),
        text(audit, "host").orElse(AuditConfig.DEFAULT_HOST),
        integer(audit, "port", AuditConfig.DEFAULT_PORT),
        new AuditConfig.Postgres(
            text(postgres, "url"),
            text(postgres, "user"),
            text(postgres, "password").map(Secret::of)),
        text(audit, "webhookUrl").map(v -> url("audit.webhookUrl", v)),
        new AuditConfig.Syslog(
            text(syslog, "host"),
            integer(syslog, "port", AuditConfig.Syslog.DEFAULT_PORT),
            bool(syslog, "tls", AuditConfig.Syslog.DEFAULT_TLS)),
        AuditConfig.Detection.of(
            bool(detection, "enabled", true),
            path(detection, "rulesDir", "audit.detection.rulesDir"),
            text(detection, "businessZone").orElse(AuditConfig.Detection.DEFAULT_BUSINESS_ZONE),
            text(detection, "businessHours").orElse(AuditConfig.Detection.DEFAULT_BUSINESS_HOURS),
            text(detection, "businessDays").orElse(AuditConfig.Detection.DEFAULT_BUSINESS_DAYS),
            text(detection, "certIdentityPattern")
                .orElse(AuditConfig.Detection.DEFAULT_CERT_IDENTITY_PATTERN)),
        new AuditConfig.Alerts(
            text(alerts, "webhookUrl").map(v -> url("audit.alerts.webhookUrl", v)),
            integer(
                alerts, "maxPerRulePerMinute", AuditConfig.Alerts.DEFAULT_MAX_PER_RULE_PER_MINUTE),
            integer(alerts, "retain", AuditConfig.Alerts.DEFAULT_RETAIN)));
  }

  private static boolean bool(JsonNode section, String key, boolean fallback) {
    JsonNode value = section.path(key);
    return value.isBoolean() ? value.booleanValue() : fallback;
  }

  private static URI url(String path, String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new ConfigValueException(path, "is not a valid URL");
    }
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

  private static IdentityConfig identity(JsonNode identity) {
    return new IdentityConfig(
        text(identity, "host").orElse(IdentityConfig.DEFAULT_HOST),
        integer(identity, "port", IdentityConfig.DEFAULT_PORT),
        text(identity, "issuer").map(v -> url("identity.issuer", v)),
        text(identity, "signingAlgorithm").orElse(IdentityConfig.DEFAULT_SIGNING_ALGORITHM),
        duration(identity, "accessTokenTtl", IdentityConfig.DEFAULT_ACCESS_TOKEN_TTL),
        duration(identity, "idTokenTtl", IdentityConfig.DEFAULT_ID_TOKEN_TTL),
        duration(identity, "authorizationCodeTtl", IdentityConfig.DEFAULT_AUTHORIZATION_CODE_TTL),
        duration(identity, "refreshTokenIdleTtl", IdentityConfig.DEFAULT_REFRESH_TOKEN_IDLE_TTL),
        duration(identity, "refreshTokenMaxTtl", IdentityConfig.DEFAULT_REFRESH_TOKEN_MAX_TTL));
  }

  private static Duration duration(JsonNode section, String key, Duration fallback) {
    return text(section, key)
        .map(v -> IdentityConfig.duration("identity." + key, v))
        .orElse(fallback);
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
