package io.bulwark.cli.up;

import com.nimbusds.jose.JWSAlgorithm;
import io.bulwark.cli.dev.DemoCredentials;
import io.bulwark.cli.dev.IdentityClient;
import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.fs.PrivateDirectories;
import io.bulwark.core.http.HealthCheck;
import io.bulwark.core.telemetry.Telemetry;
import io.bulwark.identity.IdentityConfig;
import io.bulwark.identity.IdentityServer;
import io.bulwark.identity.admin.AdminApi;
import io.bulwark.identity.client.ClientRegistry;
import io.bulwark.identity.client.ClientSecrets;
import io.bulwark.identity.oauth.RevocationFeedEndpoint;
import io.bulwark.identity.revocation.RedisRevocationPublisher;
import io.bulwark.identity.store.IdentityDatabase;
import io.bulwark.identity.store.RegisteredClient.AuthMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity server of {@code bulwark up}: an H2 database in {@code dataDir/identity}, HTTPS with
 * the listeners' certificate, audit events into the shared audit log. On first start it seeds the
 * demo users and clients of {@code demo-credentials.json}; later starts find them and reuse them.
 */
final class IdentityRole implements AutoCloseable {
  /** Token exchange grant type (RFC 8693). */
  static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

  /** Audiences a demo user's token may be for. */
  static final List<String> USER_AUDIENCES = List.of("catalog", "orders", "payments", "audit");

  /** The client the gateway of {@code up} reads the revocation feed as. */
  static final String GATEWAY_CLIENT_ID = "bulwark-gateway";

  /**
   * The certificate name the identity server believes {@code X-Forwarded-For} from: the data dir's
   * server certificate, issued by the local CA for localhost, which the gateway presents to it.
   * Only this process holds its key (mode 0600 in the data dir).
   */
  static final String TRUSTED_PROXY = "dns:localhost";

  private static final Logger log = LoggerFactory.getLogger(IdentityRole.class);

  private final IdentityDatabase db;
  private final IdentityServer server;
  private final AtomicBoolean closed = new AtomicBoolean();
  private RedisRevocationPublisher redis;
  private AutoCloseable redisSubscription;

  private IdentityRole(IdentityDatabase db, IdentityServer server) {
    this.db = db;
    this.server = server;
  }

  /** What a start seeds into the store, besides what is already there. */
  enum Seed {
    /** {@code up}: the demo users and clients, and the gateway's feed client. */
    DEMO,
    /** {@code serve --role identity}: only the bootstrap admin client of the CLI. */
    ADMIN_CLIENT
  }

  static IdentityRole start(
      io.bulwark.core.config.IdentityConfig config,
      Path dataDir,
      ListenerTls tls,
      DemoCredentials demo,
      Telemetry telemetry,
      AuditLog audit,
      Clock clock,
      String gatewayFeedSecret) {
    return start(config, dataDir, tls, demo, Seed.DEMO, telemetry, audit, clock, gatewayFeedSecret);
  }

  /**
   * Opens the store, binds the server and seeds what {@code seed} says; {@code gatewayFeedSecret}
   * null registers no feed client.
   */
  static IdentityRole start(
      io.bulwark.core.config.IdentityConfig config,
      Path dataDir,
      ListenerTls tls,
      DemoCredentials demo,
      Seed seed,
      Telemetry telemetry,
      AuditLog audit,
      Clock clock,
      String gatewayFeedSecret) {
    Path dir;
    try {
      dir = PrivateDirectories.create(dataDir.resolve(DataDirLayout.IDENTITY_DIR));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dataDir.resolve("identity"), e);
    }
    long begin = System.nanoTime();
    IdentityDatabase db = IdentityDatabase.h2(dir.resolve("identity"));
    try {
      long opened = System.nanoTime();
      IdentityServer server = bind(config, tls, db, audit, telemetry, clock);
      long bound = System.nanoTime();
      IdentityRole role = new IdentityRole(db, server);
      try {
        role.seed(demo, seed);
        if (gatewayFeedSecret != null) {
          role.registerGatewayFeedClient(gatewayFeedSecret);
        }
      } catch (RuntimeException e) {
        role.close();
        throw e;
      }
      log.info(
          "identity server started: store {} ms, server {} ms, demo data {} ms",
          (opened - begin) / 1_000_000,
          (bound - opened) / 1_000_000,
          (System.nanoTime() - bound) / 1_000_000);
      return role;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private static IdentityServer bind(
      io.bulwark.core.config.IdentityConfig config,
      ListenerTls tls,
      IdentityDatabase db,
      AuditLog audit,
      Telemetry telemetry,
      Clock clock) {
    // With port 0 the port is known only once bound: the issuer is then the bound address.
    URI issuer =
        config.issuer().orElse(config.port() == 0 ? null : config.resolveIssuer(config.port()));
    IdentityConfig base =
        new IdentityConfig(
            issuer,
            config.host(),
            config.port(),
            tls.certificate().certificateFile(),
            tls.certificate().privateKeyFile(),
            config.accessTokenTtl(),
            config.idTokenTtl(),
            config.authorizationCodeTtl(),
            config.refreshTokenIdleTtl(),
            config.refreshTokenMaxTtl(),
            JWSAlgorithm.parse(config.signingAlgorithm()),
            IdentityConfig.DEFAULT_ATTRIBUTE_CLAIMS);
    // tls_client_auth (RFC 8705) trusts client certificates issued by the data dir's local CA, and
    // the gateway proves with one that the client address it forwards can be believed.
    IdentityConfig settings =
        tls.caCertificate()
            .map(ca -> base.withClientCaCertificates(ca).withTrustedProxies(List.of(TRUSTED_PROXY)))
            .orElse(base);
    IdentityServer[] started = new IdentityServer[1];
    LocalPlatform.bind(
        () -> started[0] = IdentityServer.start(settings, db, audit, telemetry, clock),
        "identity",
        config.host(),
        config.port(),
        "--identity-port",
        "identity.port");
    return started[0];
  }

  /** Creates the demo users and clients (or only the admin client) that are not there yet. */
  private void seed(DemoCredentials demo, Seed seed) {
    int created = 0;
    for (DemoCredentials.User user :
        seed == Seed.DEMO ? demo.users() : List.<DemoCredentials.User>of()) {
      if (server.users().findByUsername(user.username()).isEmpty()) {
        server
            .users()
            .create(
                user.username(),
                user.password(),
                user.roles(),
                List.of(),
                user.tenant() == null ? Map.of() : Map.of("tenant", user.tenant()));
        created++;
      }
    }
    for (DemoCredentials.Client client : demo.clients()) {
      if (server.clients().find(client.clientId()).isPresent()
          || (seed == Seed.ADMIN_CLIENT
              && !client.clientId().equals(DemoCredentials.ADMIN_CLIENT_ID))) {
        continue;
      }
      if (client.clientId().equals(DemoCredentials.ADMIN_CLIENT_ID)) {
        server.clients().registerWithSecret(adminClient(client), client.clientSecret());
      } else if (client.clientSecret() != null) {
        server.clients().registerWithSecret(serviceClient(client), client.clientSecret());
      } else {
        server.clients().register(publicClient(client));
      }
      created++;
    }
    if (created > 0) {
      log.info("seeded {} demo users and clients into the identity store", created);
    }
  }

  /** The orders service: its own token for payments, and user tokens exchanged for payments. */
  private static ClientRegistry.Registration serviceClient(DemoCredentials.Client client) {
    return new ClientRegistry.Registration(
        client.clientId(),
        AuthMethod.CLIENT_SECRET,
        null,
        List.of(),
        Set.of("client_credentials", TOKEN_EXCHANGE),
        Set.of("bakery"),
        List.of("payments"),
        "orders",
        true,
        client.description());
  }

  /**
   * The bootstrap admin client of {@code bulwark users|clients|roles|keys}: only {@code
   * client_credentials}, only scope {@code identity:admin}; its secret is in the 0600 demo file.
   */
  private static ClientRegistry.Registration adminClient(DemoCredentials.Client client) {
    return new ClientRegistry.Registration(
        client.clientId(),
        AuthMethod.CLIENT_SECRET,
        null,
        List.of(),
        Set.of("client_credentials"),
        Set.of(AdminApi.SCOPE),
        List.of(DemoCredentials.ADMIN_AUDIENCE),
        null,
        true,
        client.description());
  }

  /** {@code bulwark token}: a public client with a loopback redirect URI (RFC 8252). */
  private static ClientRegistry.Registration publicClient(DemoCredentials.Client client) {
    return new ClientRegistry.Registration(
        client.clientId(),
        AuthMethod.NONE,
        null,
        List.of(IdentityClient.CLI_REDIRECT_URI),
        Set.of("authorization_code", "refresh_token"),
        Set.of("openid", "bakery", "audit:read", "audit:write"),
        USER_AUDIENCES,
        null,
        true,
        client.description());
  }

  /**
   * Registers the client the gateway reads the revocation feed with ({@code GET /revocations},
   * scope {@code revocations:read}): {@value #GATEWAY_CLIENT_ID}, registered on first start, with
   * the secret {@code up} made for this run, which lives only in memory, so no file holds it. The
   * secret is chosen before either role starts, so the gateway need not wait for this one.
   */
  private void registerGatewayFeedClient(String secret) {
    if (server.clients().find(GATEWAY_CLIENT_ID).isPresent()) {
      db.clients().setSecretHash(GATEWAY_CLIENT_ID, ClientSecrets.hash(secret));
      return;
    }
    server
        .clients()
        .registerWithSecret(
            new ClientRegistry.Registration(
                GATEWAY_CLIENT_ID,
                AuthMethod.CLIENT_SECRET,
                null,
                List.of(),
                Set.of("client_credentials"),
                Set.of(RevocationFeedEndpoint.SCOPE),
                List.of(GATEWAY_CLIENT_ID),
                null,
                true,
                "the gateway of bulwark up, reading the revocation feed"),
            secret);
  }

  /**
   * Publishes every revocation to Redis at {@code redisUrl} as well (channel {@value
   * RedisRevocationPublisher#CHANNEL}), for gateways subscribed there. Redis must answer now; later
   * outages are ridden out by the client's reconnects, and gateways catch up from the feed.
   *
   * @throws IllegalStateException when Redis cannot be reached (the URL is not in the message, as
   *     it may carry a password)
   */
  synchronized void publishRevocationsTo(String redisUrl) {
    if (redis != null) {
      throw new IllegalStateException("already publishing revocations to Redis");
    }
    try {
      redis = RedisRevocationPublisher.connect(redisUrl);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "the identity server cannot reach Redis (gateway.redis.url) to publish revocations: "
              + e.getClass().getSimpleName(),
          e);
    }
    redisSubscription = server.revocationBus().subscribe(redis);
    log.info("identity server publishes revocations to Redis");
  }

  /** The issuer identifier of the server's tokens. */
  String issuer() {
    return server.issuer().toString();
  }

  /** The local base URL, by the certificate's name {@code localhost}. */
  URI baseUri() {
    return URI.create("https://localhost:" + server.port());
  }

  /** How other roles trust this server's tokens. */
  IdentityTrust trust(ListenerTls tls, Clock clock) {
    return new IdentityTrust(issuer(), baseUri().resolve("/jwks"), tls.clientContext(), clock);
  }

  HealthCheck health() {
    return () -> DatabaseHealth.check(db.dataSource());
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      closeRedis();
      server.close();
    } finally {
      db.close();
    }
  }

  private synchronized void closeRedis() {
    if (redis == null) {
      return;
    }
    try {
      redisSubscription.close();
    } catch (Exception e) {
      log.warn("error while unsubscribing from revocations", e);
    }
    redis.close();
    redis = null;
  }
}
