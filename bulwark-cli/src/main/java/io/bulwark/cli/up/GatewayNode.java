package io.bulwark.cli.up;

import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.config.BulwarkConfig;
import io.bulwark.core.crypto.LocalCa;
import io.bulwark.core.fs.PrivateDirectories;
import io.bulwark.core.http.AdminServer;
import io.bulwark.core.telemetry.Telemetry;
import io.bulwark.policy.PolicyError;
import io.bulwark.policy.PolicyLoadException;
import io.bulwark.policy.PolicySet;
import io.bulwark.policy.reload.ReloadingPolicies;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway alone ({@code bulwark serve --role gateway}), so several gateways can share one
 * configuration and Redis: the gateway's listeners, the admin listener (health, metrics), the audit
 * log in the data dir, and the policies of {@code policy.dir} (watched) for routes with a {@code
 * resource}. There is no local identity server: tokens are checked against {@code
 * gateway.auth.issuers}. Listeners present the {@code tls} section's certificate, or one from the
 * data dir's local CA when that is unset.
 */
final class GatewayNode implements RoleProcess.Running {
  private static final Logger log = LoggerFactory.getLogger(GatewayNode.class);

  private final OwnedResources resources = new OwnedResources();
  private volatile boolean started;
  private Path dataDir;
  private AdminServer admin;
  private GatewayRole gateway;

  private GatewayNode() {}

  /** Starts it all; on failure closes what was started and rethrows. */
  static GatewayNode start(BulwarkConfig config, ConfigSource source) {
    GatewayNode node = new GatewayNode();
    node.resources.startOrClose(() -> node.startAll(config, source));
    return node;
  }

  private void startAll(BulwarkConfig config, ConfigSource source) throws IOException {
    Clock clock = Clock.systemUTC();
    dataDir = PrivateDirectories.create(config.dataDir().toAbsolutePath().normalize());
    Path tlsDir = PrivateDirectories.create(dataDir.resolve(DataDirLayout.TLS_DIR));
    LocalCa ca = config.tls().hasOperatorCertificate() ? null : LocalCa.loadOrCreate(tlsDir, clock);
    ListenerTls tls = ListenerTls.resolve(config.tls(), ca, tlsDir);
    Telemetry telemetry = own(LocalPlatform.telemetry(config));
    AuditRole auditRole =
        own(AuditRole.open(config.audit(), dataDir, telemetry.meterRegistry(), clock));
    AuditLog audit = auditRole.log();
    admin = own(LocalPlatform.adminServer(config, telemetry, () -> started));
    LocalPlatform.bindAdmin(admin, config);
    Supplier<PolicySet> policies = policies(config, telemetry, audit, clock);
    gateway =
        own(
            GatewayRole.start(
                config.gateway(),
                tls,
                null,
                Map.of(),
                policies,
                null,
                telemetry,
                audit,
                clock,
                source));
    gateway.startBackgroundWork();
    started = true;
    log.info("gateway {} ready (data dir {})", gateway.baseUri(), dataDir);
  }

  /**
   * The watched policy directory when it exists; otherwise no policies, which denies every route
   * with a {@code resource} (fail closed), logged as a warning.
   */
  private Supplier<PolicySet> policies(
      BulwarkConfig config, Telemetry telemetry, AuditLog audit, Clock clock) {
    Path dir = config.policy().resolveDir(dataDir).toAbsolutePath().normalize();
    boolean needed = config.gateway().routes().stream().anyMatch(r -> r.resource().isPresent());
    if (!Files.isDirectory(dir)) {
      if (needed) {
        log.warn("no policy directory {}: routes with a resource are denied", dir);
      }
      PolicySet empty = PolicySet.empty();
      return () -> empty;
    }
    try {
      return own(ReloadingPolicies.start(dir, telemetry.meterRegistry(), audit, clock));
    } catch (PolicyLoadException e) {
      throw new PolicyRole.BrokenPoliciesException(
          "the policies in "
              + dir
              + " have errors:\n  "
              + e.errors().stream().map(PolicyError::format).collect(Collectors.joining("\n  ")));
    }
  }

  @Override
  public void printReady(PrintWriter out, long readyMillis) {
    out.printf("Bulwark gateway is ready in %d ms (data dir %s)%n%n", readyMillis, dataDir);
    out.printf("  admin      %s   (/health/ready, /metrics)%n", admin.baseUri());
    out.printf("  gateway    %s%n%n", gateway.baseUri());
    out.println("Stop with Ctrl-C.");
  }

  private <T extends AutoCloseable> T own(T resource) {
    return resources.own(resource);
  }

  @Override
  public void close() {
    resources.close();
  }
}
