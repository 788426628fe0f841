package io.bulwark.cli.up;

import io.bulwark.cli.dev.DemoCredentials;
import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.config.BulwarkConfig;
import io.bulwark.core.crypto.LocalCa;
import io.bulwark.core.fs.PrivateDirectories;
import io.bulwark.core.http.AdminServer;
import io.bulwark.core.telemetry.Telemetry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity server alone ({@code bulwark serve --role identity}): its store in the data dir
 * (embedded H2), its HTTPS listener, the admin listener (health, metrics) and the audit log. Only
 * the bootstrap admin client of the CLI is seeded (its secret in the data dir's {@code
 * demo-credentials.json}); users and clients are made with {@code bulwark users|clients}, which
 * find the server through the {@code endpoints.json} it writes (identity, issuer, CA, admin). With
 * {@code gateway.redis.url} set, revocations are published there for the gateways subscribed to it;
 * gateways elsewhere can also poll {@code /revocations}.
 */
final class IdentityNode implements RoleProcess.Running {
  private static final Logger log = LoggerFactory.getLogger(IdentityNode.class);

  private final OwnedResources resources = new OwnedResources();
  private volatile boolean started;
  private Path dataDir;
  private AdminServer admin;
  private IdentityRole identity;

  private IdentityNode() {}

  /** Starts it all; on failure closes what was started and rethrows. */
  static IdentityNode start(BulwarkConfig config, ConfigSource source) {
    IdentityNode node = new IdentityNode();
    node.resources.startOrClose(() -> node.startAll(config));
    return node;
  }

  private void startAll(BulwarkConfig config) throws IOException {
    Clock clock = Clock.systemUTC();
    long begin = System.nanoTime();
    dataDir = PrivateDirectories.create(config.dataDir().toAbsolutePath().normalize());
    Path tlsDir = PrivateDirectories.create(dataDir.resolve(DataDirLayout.TLS_DIR));
    // Reading and checking the CA and certificate (signatures, key pairs) runs beside the audit
    // log's opening; the identity server needs both.
    long[] files = new long[1];
    FutureTask<ListenerTls> tlsFiles =
        new FutureTask<>(() -> {
          try {
            LocalCa ca =
                config.tls().hasOperatorCertificate() ? null : LocalCa.loadOrCreate(tlsDir, clock);
            ListenerTls resolved = ListenerTls.resolve(config.tls(), ca, tlsDir);
            files[0] = System.nanoTime();
            return resolved;
          } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
          }
        });
    Thread.ofPlatform().name("bulwark-tls-files").daemon().start(tlsFiles);
    DemoCredentials credentials = DemoCredentials.loadOrCreate(dataDir);
    Telemetry telemetry = own(LocalPlatform.telemetry(config));
    AuditRole auditRole =
        own(AuditRole.open(config.audit(), dataDir, telemetry.meterRegistry(), clock));
    AuditLog audit = auditRole.log();
    long audited = System.nanoTime();
    ListenerTls tls = LocalPlatform.await(tlsFiles);
    long ready = System.nanoTime();
    admin = own(LocalPlatform.adminServer(config, telemetry, () -> started));
    // The admin listener binds beside the identity server's start, the longer of the two.
    FutureTask<Long> adminStart =
        new FutureTask<>(() -> {
          LocalPlatform.bindAdmin(admin, config);
          return System.nanoTime();
        });
    Thread.ofPlatform().name("bulwark-admin-start").daemon().start(adminStart);
    try {
      identity =
          own(
              IdentityRole.start(
                  config.identity(),
                  dataDir,
                  tls,
                  credentials,
                  IdentityRole.Seed.ADMIN_CLIENT,
                  telemetry,
                  audit,
                  clock,
                  null));
    } catch (RuntimeException e) {
      try {
        adminStart.get(); // let the admin listener finish binding before close() stops it
      } catch (Exception ignored) {
        // the identity server's failure is the one reported
      }
      throw e;
    }
    long identityUp = System.nanoTime();
    long adminUp = LocalPlatform.await(adminStart);
    admin.addHealthCheck("identity", identity.health());
    config.gateway().redis().url().ifPresent(identity::publishRevocationsTo);
    new Endpoints(
            admin.baseUri(),
            admin.baseUri().resolve("/health/ready"),
            admin.baseUri().resolve("/metrics"),
            Map.of(),
            null,
            null,
            tls.caCertificate().map(Path::toString).orElse(null),
            identity.issuer(),
            identity.baseUri(),
            null,
            null,
            null,
            0,
            null)
        .writeTo(dataDir.resolve(DataDirLayout.ENDPOINTS));
    started = true;
    log.info(
        "identity server {} ready (data dir {}): side by side TLS files {} ms and telemetry and"
            + " audit {} ms, then side by side admin listener {} ms and identity {} ms",
        identity.baseUri(),
        dataDir,
        (files[0] - begin) / 1_000_000,
        (audited - begin) / 1_000_000,
        (adminUp - ready) / 1_000_000,
        (identityUp - ready) / 1_000_000);
  }

  @Override
  public void printReady(PrintWriter out, long readyMillis) {
    out.printf("Bulwark identity is ready in %d ms (data dir %s)%n%n", readyMillis, dataDir);
    out.printf("  admin      %s   (/health/ready, /metrics)%n", admin.baseUri());
    out.printf(
        "  identity   %s   (issuer %s; /.well-known/openid-configuration)%n%n",
        identity.baseUri(), identity.issuer());
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
