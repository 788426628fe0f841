package io.bulwark.cli.up;

import io.bulwark.audit.chain.AuditKeys;
import io.bulwark.cli.dev.DemoCredentials;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.audit.Outcome;
import io.bulwark.core.config.BulwarkConfig;
import io.bulwark.core.crypto.LocalCa;
import io.bulwark.core.fs.PrivateDirectories;
import io.bulwark.core.http.AdminServer;
import io.bulwark.core.http.HealthCheck;
import io.bulwark.core.http.PortInUseException;
import io.bulwark.core.id.Ulid;
import io.bulwark.core.log.Secret;
import io.bulwark.core.telemetry.Telemetry;
import io.bulwark.gateway.revocation.RevocationFeedSettings;
import io.bulwark.identity.client.ClientSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every role of a local Bulwark in one JVM, started in dependency order and closed in reverse. On
 * first start it creates the data dir state (keys, CA, demo data); later starts reuse it.
 */
public final class LocalPlatform implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalPlatform.class);

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private Path dataDir;
  private Endpoints endpoints;

  private LocalPlatform() {}

  /** Starts every role; on failure closes what was started and rethrows. */
  public static LocalPlatform start(BulwarkConfig config) {
    return start(config, ConfigSource.none());
  }

  /**
   * Starts every role from {@code config}, loaded from {@code source}; the gateway watches the
   * source's file, if any, and reloads its section when it changes.
   */
  static LocalPlatform start(BulwarkConfig config, ConfigSource source) {
    LocalPlatform platform = new LocalPlatform();
    try {
      platform.startRoles(config, source);
      return platform;
    } catch (IOException e) {
      platform.close();
      throw new UncheckedIOException(e.getMessage(), e);
    } catch (RuntimeException e) {
      platform.close();
      throw e;
    }
  }

  public Endpoints endpoints() {
    return endpoints;
  }

  /** The data dir in use, absolute and normalized. */
  public Path dataDir() {
    return dataDir;
  }

  private void startRoles(BulwarkConfig config, ConfigSource source) throws IOException {
    Clock clock = Clock.systemUTC();
    dataDir = ownerOnlyDirectory(config.dataDir().toAbsolutePath().normalize());
    Path tlsDir = ownerOnlyDirectory(dataDir.resolve(DataDirLayout.TLS_DIR));
    LocalCa ca = LocalCa.loadOrCreate(tlsDir, clock);
    ListenerTls tls = ListenerTls.resolve(config.tls(), ca, tlsDir);
    DemoCredentials credentials = DemoCredentials.loadOrCreate(dataDir);

    Telemetry telemetry = own(telemetry(config));
    AuditRole auditRole =
        own(AuditRole.open(config.audit(), dataDir, telemetry.meterRegistry(), clock));
    AuditLog audit = auditRole.log();

    // The identity server (database migrations, signing keys, demo seeding) and the policies (CEL
    // compilation) are the slowest parts of start-up; each runs beside the others on its own
    // thread. The other roles fetch the identity server's keys on first use, so they need only
    // its issuer, known in advance unless its port is 0.
    String gatewayFeedSecret = ClientSecrets.generate();
    FutureTask<IdentityRole> identityStart =
        new FutureTask<>(() ->
            IdentityRole.start(
                config.identity(),
                dataDir,
                tls,
                credentials,
                telemetry,
                audit,
                clock,
                gatewayFeedSecret));
    Thread.ofPlatform().name("bulwark-identity-start").daemon().start(identityStart);
    FutureTask<PolicyRole> policyStart = null;
    try {
      IdentityTrust trust = knownTrust(config, tls, clock).orElse(null);
      if (trust == null) {
        trust = await(identityStart).trust(tls, clock);
      }
      IdentityTrust identityTrust = trust;
      policyStart =
          new FutureTask<>(() ->
              PolicyRole.start(config.policy(), dataDir, identityTrust, telemetry, audit, clock));
      Thread.ofPlatform().name("bulwark-policy-start").daemon().start(policyStart);
      startListeners(
          config,
          source,
          tls,
          identityTrust,
          credentials,
          telemetry,
          auditRole,
          clock,
          identityStart,
          gatewayFeedSecret,
          policyStart);
    } catch (RuntimeException e) {
      closeWhenStarted(identityStart);
      if (policyStart != null) {
        closeWhenStarted(policyStart);
      }
      throw e;
    }
    audit.append(
        AuditEvent.builder("system.started")
            .target("bulwark")
            .action("start")
            .outcome(Outcome.SUCCESS)
            .detail("dataDir", dataDir.toString())
            .build(clock, Ulid.generator(clock)));
    started.set(true);
    log.info("data dir {} ({} demo users)", dataDir, credentials.users().size());
  }

  /** The identity server's trust when its issuer is known before it binds (a fixed port). */
  private static Optional<IdentityTrust> knownTrust(
      BulwarkConfig config, ListenerTls tls, Clock clock) {
    int port = config.identity().port();
    if (port == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new IdentityTrust(
            config.identity().resolveIssuer(port).toString(),
            URI.create("https://localhost:" + port + "/jwks"),
            tls.clientContext(),
            clock));
  }

  private void startListeners(
      BulwarkConfig config,
      ConfigSource source,
      ListenerTls tls,
      IdentityTrust trust,
      DemoCredentials credentials,
      Telemetry telemetry,
      AuditRole auditRole,
      Clock clock,
      FutureTask<IdentityRole> identityStart,
      String gatewayFeedSecret,
      FutureTask<PolicyRole> policyStart) {
    AuditLog audit = auditRole.log();
    AdminServer admin = own(adminServer(config, telemetry, started::get));
    bindAdmin(admin, config);

    auditRole.listen(config.audit(), tls, trust, telemetry, clock);

    URI identityBase = trust.jwkSetUri().resolve("/");
    var bakery = Map.<String, URI>of();
    if (config.bakery().enabled()) {
      DemoCredentials.Client ordersClient =
          credentials.clients().stream()
              .filter(c -> c.clientId().equals(DemoCredentials.ORDERS_CLIENT_ID))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no orders-service demo client"));
      BakeryRole role =
          own(
              BakeryRole.start(
                  config.bakery(),
                  dataDir,
                  tls,
                  trust,
                  identityBase,
                  ordersClient,
                  telemetry,
                  audit,
                  clock));
      role.healthChecks().forEach(admin::addHealthCheck);
      bakery = role.endpoints();
    }

    RevocationFeedSettings identityFeed =
        RevocationFeedSettings.of(
            identityBase, IdentityRole.GATEWAY_CLIENT_ID, Secret.of(gatewayFeedSecret));
    PolicyRole policy = own(await(policyStart));
    admin.addHealthCheck("policy", policy.health());

    GatewayRole gateway =
        own(
            GatewayRole.start(
                config.gateway(),
                tls,
                trust,
                bakery,
                policy.policies(),
                identityFeed,
                telemetry,
                audit,
                clock,
                source));
    // The gateway started beside the identity role; it fetches keys and polls the feed from now.
    IdentityRole identity = own(await(identityStart));
    admin.addHealthCheck("identity", identity.health());
    config.gateway().redis().url().ifPresent(identity::publishRevocationsTo);
    gateway.startBackgroundWork();

    URI adminUri = admin.baseUri();
    endpoints =
        new Endpoints(
            adminUri,
            adminUri.resolve("/health/ready"),
            adminUri.resolve("/metrics"),
            bakery,
            policy.baseUri(),
            policy.directory().toString(),
            tls.caCertificate().map(Path::toString).orElse(null),
            identity.issuer(),
            identity.baseUri(),
            config.audit().resolveDir(dataDir).toString(),
            AuditKeys.publicKeyFile(dataDir.resolve(DataDirLayout.AUDIT_SIGNING_KEY)).toString(),
            auditRole.baseUri(),
            auditRole.rules().size(),
            gateway.baseUri());
    endpoints.writeTo(dataDir.resolve(DataDirLayout.ENDPOINTS));
  }

  /** The telemetry of a role process, as the {@code tracing} section says. */
  static Telemetry telemetry(BulwarkConfig config) {
    return Telemetry.create(
        config.tracing().serviceName(),
        config.tracing().otlpEndpoint(),
        config.tracing().sampleRatio());
  }

  /** The admin listener of a role process, not ready until {@code started} says so. */
  static AdminServer adminServer(
      BulwarkConfig config, Telemetry telemetry, java.util.function.BooleanSupplier started) {
    AdminServer admin = AdminServer.create(config.admin().host(), config.admin().port(), telemetry);
    admin.addHealthCheck(
        "startup",
        () ->
            started.getAsBoolean() ? HealthCheck.Result.up() : HealthCheck.Result.down("starting"));
    return admin;
  }

  /** Binds the admin listener; a busy port becomes the one-line error naming its option. */
  static void bindAdmin(AdminServer admin, BulwarkConfig config) {
    bind(
        () -> admin.start(),
        "admin",
        config.admin().host(),
        config.admin().port(),
        "--admin-port",
        "admin.port");
  }

  /** The started role, or the start's own exception (e.g. a busy port) rethrown as is. */
  static <T> T await(FutureTask<T> start) {
    try {
      return start.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("a role failed to start", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting", e);
    }
  }

  /** Start-up failed elsewhere: let the parallel start finish, then close what it started. */
  private static void closeWhenStarted(FutureTask<? extends AutoCloseable> start) {
    try {
      start.get().close();
    } catch (Exception ignored) {
      // it failed too, or closing failed; the first failure is the one reported
    }
  }

  /** Runs a listener start, turning a busy port into the one-line error {@code up} prints. */
  static void bind(Runnable start, String role, String host, int port, String option, String key) {
    try {
      start.run();
    } catch (PortInUseException e) {
      throw new BusyPortException(role, host, port, option, key);
    }
  }

  private <T extends AutoCloseable> T own(T resource) {
    resources.push(resource);
    return resource;
  }

  private static Path ownerOnlyDirectory(Path dir) {
    try {
      return PrivateDirectories.create(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  @Override
  public void close() {
    while (!resources.isEmpty()) {
      AutoCloseable resource = resources.pop();
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("error while stopping {}", resource.getClass().getSimpleName(), e);
      }
    }
  }
}
