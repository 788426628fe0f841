package io.bulwark.cli.up;

import io.bulwark.audit.alert.AlertSink;
import io.bulwark.audit.alert.AlertStore;
import io.bulwark.audit.alert.Alerter;
import io.bulwark.audit.alert.AuditLogAlertSink;
import io.bulwark.audit.alert.LogAlertSink;
import io.bulwark.audit.alert.SlackWebhookAlertSink;
import io.bulwark.audit.api.AuditApi;
import io.bulwark.audit.chain.AuditKeys;
import io.bulwark.audit.detect.DetectingAuditLog;
import io.bulwark.audit.detect.DetectionEngine;
import io.bulwark.audit.detect.DetectionSettings;
import io.bulwark.audit.detect.Rule;
import io.bulwark.audit.detect.RuleLoadException;
import io.bulwark.audit.detect.RuleLoader;
import io.bulwark.audit.file.ChainedFileOptions;
import io.bulwark.audit.postgres.PostgresAuditSink;
import io.bulwark.audit.postgres.PostgresSinkConfig;
import io.bulwark.audit.sink.AuditMode;
import io.bulwark.audit.sink.FanOutAuditLog;
import io.bulwark.audit.sink.SinkOptions;
import io.bulwark.audit.syslog.SyslogAuditSink;
import io.bulwark.audit.syslog.SyslogConfig;
import io.bulwark.audit.webhook.WebhookAuditSink;
import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.config.AuditConfig;
import io.bulwark.core.http.HttpServer;
import io.bulwark.core.telemetry.Telemetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of {@code bulwark up}: the chained, signed log in {@code audit.dir} with the
 * configured secondary sinks ({@link FanOutAuditLog}), the detection rules fed with every recorded
 * event, the alerts they raise, and the audit HTTPS listener ({@code POST /v1/audit/events}, {@code
 * GET /v1/alerts}) on {@code audit.host}:{@code audit.port}, serving the local certificate. Tokens
 * for the listener are those of the local issuer with audience {@value #AUDIENCE}.
 */
final class AuditRole implements AutoCloseable {
  /** The audience tokens for the audit listener carry. */
  static final String AUDIENCE = "audit";

  private static final Logger log = LoggerFactory.getLogger(AuditRole.class);

  private final AuditLog audit;
  private final Alerter alerter;
  private final List<Rule> rules;
  private HttpServer server;

  private AuditRole(AuditLog audit, Alerter alerter, List<Rule> rules) {
    this.audit = audit;
    this.alerter = alerter;
    this.rules = rules;
  }

  /**
   * Opens the log and its sinks and starts detection (the listener starts with {@link #listen}).
   *
   * @throws BrokenRulesException if a rule file in {@code audit.detection.rulesDir} has errors
   */
  static AuditRole open(AuditConfig config, Path dataDir, MeterRegistry registry, Clock clock)
      throws IOException {
    List<Rule> rules = List.of();
    if (config.detection().enabled()) {
      try {
        rules = RuleLoader.load(config.detection().rulesDir().orElse(null));
      } catch (RuleLoadException e) {
        throw new BrokenRulesException(e.getMessage());
      }
    }
    FanOutAuditLog chained =
        FanOutAuditLog.open(
            config.resolveDir(dataDir),
            AuditKeys.loadOrCreate(dataDir.resolve(DataDirLayout.AUDIT_SIGNING_KEY)),
            ChainedFileOptions.defaults().withFsync(config.fsync()),
            config.mode() == AuditConfig.AuditFailureMode.REQUIRED
                ? AuditMode.REQUIRED
                : AuditMode.BEST_EFFORT,
            secondaries(config, dataDir),
            registry);
    List<AlertSink> sinks = new ArrayList<>();
    sinks.add(new LogAlertSink());
    sinks.add(new AuditLogAlertSink(chained, clock));
    config
        .alerts()
        .webhookUrl()
        .ifPresent(url -> sinks.add(SlackWebhookAlertSink.of(url, registry)));
    Alerter alerter =
        new Alerter(
            new AlertStore(config.alerts().retain()),
            sinks,
            config.alerts().maxPerRulePerMinute(),
            clock,
            registry);
    if (rules.isEmpty()) {
      return new AuditRole(chained, alerter, rules);
    }
    AuditConfig.Detection d = config.detection();
    DetectionEngine engine =
        new DetectionEngine(
            rules,
            new DetectionSettings(
                d.businessZone(),
                d.businessStartHour(),
                d.businessEndHour(),
                d.businessDays(),
                d.certIdentityPattern()),
            DetectionEngine.DEFAULT_MAX_GROUPS_PER_RULE,
            alerter);
    log.info("audit detection: {} rules", rules.size());
    return new AuditRole(
        new DetectingAuditLog(chained, engine, DetectingAuditLog.DEFAULT_QUEUE, registry),
        alerter,
        rules);
  }

  private static List<FanOutAuditLog.Secondary> secondaries(AuditConfig config, Path dataDir) {
    List<FanOutAuditLog.Secondary> out = new ArrayList<>();
    SinkOptions options = SinkOptions.defaults();
    AuditConfig.Postgres pg = config.postgres();
    pg.url()
        .ifPresent(url ->
            out.add(
                new FanOutAuditLog.Secondary(
                    PostgresAuditSink.open(
                        PostgresSinkConfig.of(
                            url,
                            pg.user().orElse(System.getProperty("user.name")),
                            pg.password().map(p -> p.reveal()).orElse(null))),
                    options)));
    config
        .webhookUrl()
        .ifPresent(url ->
            out.add(
                new FanOutAuditLog.Secondary(
                    WebhookAuditSink.of(url),
                    options.withSpool(
                        dataDir.resolve("audit-spool/webhook.jsonl"),
                        SinkOptions.DEFAULT_SPOOL_MAX_BYTES))));
    AuditConfig.Syslog syslog = config.syslog();
    syslog
        .host()
        .ifPresent(host ->
            out.add(
                new FanOutAuditLog.Secondary(
                    new SyslogAuditSink(
                        syslog.tls()
                            ? SyslogConfig.tls(host, syslog.port(), jdkTrust())
                            : SyslogConfig.tcp(host, syslog.port())),
                    options)));
    return out;
  }

  private static SSLContext jdkTrust() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no default TLS context", e);
    }
  }

  /** Starts the audit HTTPS listener. */
  void listen(
      AuditConfig config,
      ListenerTls tls,
      IdentityTrust identity,
      Telemetry telemetry,
      Clock clock) {
    AuditApi api =
        new AuditApi(
            audit,
            alerter.store(),
            identity.forAudience(AUDIENCE),
            clock,
            telemetry.meterRegistry());
    server =
        HttpServer.builder("audit", telemetry)
            .bind(config.host(), config.port())
            .tls(tls.certificate().certificateFile(), tls.certificate().privateKeyFile())
            .maxRequestBodyBytes(AuditApi.MAX_BODY_BYTES)
            .routes(api::routes)
            .auditLog(audit)
            .build();
    LocalPlatform.bind(
        server::start, "audit", config.host(), config.port(), "--audit-port", "audit.port");
  }

  /** The audit log every role writes to. */
  AuditLog log() {
    return audit;
  }

  /** The alerts raised so far (what {@code GET /v1/alerts} lists). */
  io.bulwark.audit.alert.AlertStore alerts() {
    return alerter.store();
  }

  /** The detection rules running. */
  List<Rule> rules() {
    return rules;
  }

  /** Base URL of the audit listener, by the certificate's name {@code localhost}. */
  URI baseUri() {
    return URI.create("https://localhost:" + server.port());
  }

  /** A rule file has errors at start; the message lists every one. */
  static final class BrokenRulesException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BrokenRulesException(String message) {
      super(message, null, false, false);
    }
  }

  /** Stops the listener, then closes the log (signing a last checkpoint) and the alert sinks. */
  @Override
  public void close() {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      try {
        audit.close();
      } finally {
        alerter.closeSinks();
      }
    }
  }
}
