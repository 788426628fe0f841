package io.bulwark.cli.up;

import com.nimbusds.jose.JWSAlgorithm;
import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.config.GatewayConfig;
import io.bulwark.core.crypto.CryptoFileException;
import io.bulwark.core.crypto.PemFiles;
import io.bulwark.core.telemetry.Telemetry;
import io.bulwark.gateway.GatewayServer;
import io.bulwark.gateway.auth.IssuerSettings;
import io.bulwark.gateway.authz.PolicyStage;
import io.bulwark.gateway.chain.Phase;
import io.bulwark.gateway.config.ClusterConfig;
import io.bulwark.gateway.config.FromBulwarkConfig;
import io.bulwark.gateway.config.PathMatch;
import io.bulwark.gateway.config.RouteConfig;
import io.bulwark.gateway.config.ServerTlsConfig;
import io.bulwark.gateway.ratelimit.KeyPart;
import io.bulwark.gateway.reload.ApiKeyFileReloader;
import io.bulwark.gateway.reload.CertificateReloader;
import io.bulwark.gateway.reload.ConfigFileReloader;
import io.bulwark.gateway.reload.ReloadEvents;
import io.bulwark.gateway.revocation.RevocationFeedSettings;
import io.bulwark.gateway.security.GatewaySecurity;
import io.bulwark.policy.PolicySet;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The gateway of {@code bulwark up}: HTTPS (default port 8443, {@code --gateway-port}) in front of
 * the bakery services and the identity server. Without routes in the {@code gateway} section it
 * serves the bakery's own paths ({@code /products}, {@code /orders}, {@code /charges}) from the
 * three services and the identity server's public endpoints ({@link IdentityGatewayRoutes}), with
 * JWT authentication against the local token issuer, the policy set the policy role loaded (on the
 * catalog routes; owner-only order and charge rules need resource attributes only the services
 * have) and a local rate limit per user. Tokens are those of the identity role: the gateway fetches
 * its JWK set over HTTPS, trusting the local CA, as it would from any issuer. Revocations come from
 * the identity role's feed (unless {@code gateway.revocation} names another) and, with {@code
 * gateway.redis.url}, at once through Redis, where the identity role publishes them.
 */
final class GatewayRole implements AutoCloseable {
  /** The rate limit of the default bakery routes, per user and route. */
  static final RouteConfig.RateLimit BAKERY_RATE_LIMIT =
      new RouteConfig.RateLimit(
          600, Duration.ofMinutes(1), List.of(KeyPart.USER, KeyPart.ROUTE), false);

  private final GatewaySecurity security;
  private final GatewayServer server;
  private final URI baseUri;
  private final List<AutoCloseable> watchers = new ArrayList<>();

  private GatewayRole(GatewaySecurity security, GatewayServer server, URI uri) {
    this.security = security;
    this.server = server;
    this.baseUri = uri;
  }

  /**
   * Starts the gateway of {@code section}.
   *
   * @param identity the local identity server, trusted as an issuer; {@code null} when the gateway
   *     runs alone ({@code bulwark serve --role gateway}) and trusts only the configured issuers
   * @param bakery the bakery's URLs, served by default routes when the section has none; may be
   *     empty
   * @param source where the configuration came from; its file, if any, is watched and reloaded
   */
  static GatewayRole start(
      GatewayConfig section,
      ListenerTls tls,
      IdentityTrust identity,
      Map<String, URI> bakery,
      Supplier<PolicySet> policies,
      RevocationFeedSettings identityFeed,
      Telemetry telemetry,
      AuditLog audit,
      Clock clock,
      ConfigSource source) {
    GatewaySecurity security = null;
    GatewayRole role = null;
    try {
      ServerTlsConfig listenerTls =
          ServerTlsConfig.fromPemFiles(
              tls.certificate().certificateFile(), tls.certificate().privateKeyFile());
      ConfigFileReloader.Converter converter = converter(listenerTls, bakery, identity, tls);
      var config = converter.convert(section);
      GatewaySecurity.Settings configured = FromBulwarkConfig.security(section);
      List<IssuerSettings> issuers = new ArrayList<>(configured.issuers());
      if (identity != null) {
        issuers.add(identityIssuer(identity));
      }
      security =
          GatewaySecurity.prepare(
              new GatewaySecurity.Settings(
                  issuers,
                  configured.apiKeys(),
                  configured.mtls(),
                  configured.revocationFeed() != null ? configured.revocationFeed() : identityFeed,
                  configured.redisUri(),
                  configured.onRedisFailure(),
                  configured.realm(),
                  configured.apiKeyFile()),
              httpClient(identity),
              clock);
      GatewayServer server =
          security
              .install(
                  GatewayServer.builder(config)
                      .auditLog(audit)
                      .telemetry(telemetry)
                      .clock(clock)
                      .stage(Phase.AUTHORIZATION, PolicyStage.factory(policies, clock)))
              .build();
      var listener = config.listeners().get(0);
      try {
        server.start();
      } catch (UncheckedIOException e) {
        server.close();
        if (!(e.getCause() != null && e.getCause().getCause() instanceof java.net.BindException)
            && !(e.getCause() instanceof java.net.BindException)) {
          throw e;
        }
        throw new BusyPortException(
            "gateway", listener.host(), listener.port(), "--gateway-port", "gateway.listeners");
      }
      String scheme = listener.tls() == null ? "http" : "https";
      URI uri = URI.create(scheme + "://localhost:" + server.port(listener.name()));
      role = new GatewayRole(security, server, uri);
      ReloadEvents events = new ReloadEvents(audit, telemetry.meters(), clock);
      if (config.listeners().stream().anyMatch(l -> l.tls() != null)) {
        role.watchers.add(
            CertificateReloader.watch(
                tls.certificate().certificateFile(),
                tls.certificate().privateKeyFile(),
                server,
                events));
      }
      var apiKeys = security.authenticators() == null ? null : security.authenticators().apiKeys();
      if (section.auth().apiKeyFile().isPresent() && apiKeys != null) {
        role.watchers.add(
            ApiKeyFileReloader.watch(
                section.auth().apiKeyFile().get().toAbsolutePath(),
                apiKeys,
                configured.apiKeys(),
                events));
      }
      if (source.file().isPresent()) {
        role.watchers.add(
            ConfigFileReloader.watch(
                source.file().get().toAbsolutePath(),
                () -> source.load(),
                converter,
                server,
                section,
                events,
                applied -> {}));
      }
      return role;
    } catch (RuntimeException e) {
      closeQuietly(role != null ? role : security);
      throw e;
    } catch (Exception e) {
      closeQuietly(role != null ? role : security);
      throw new IllegalStateException("the gateway cannot start: " + e.getMessage(), e);
    }
  }

  /**
   * How the {@code gateway} section becomes the server's configuration, at start and on every
   * reload: the listeners keep the certificate read at start (certificate changes are applied by
   * the certificate watcher, not by a configuration reload), and without routes of its own the
   * gateway serves the bakery.
   */
  private static ConfigFileReloader.Converter converter(
      ServerTlsConfig listenerTls,
      Map<String, URI> bakery,
      IdentityTrust identity,
      ListenerTls tls) {
    URI identityUri = identity == null ? null : identity.jwkSetUri();
    return section -> {
      var config = FromBulwarkConfig.convert(section, listenerTls);
      if (config.routes().isEmpty() && (!bakery.isEmpty() || identityUri != null)) {
        config = withDefaultRoutes(config, bakery, identityUri, tls);
      }
      return config;
    };
  }

  /** For JWKS, discovery and the revocation feed: the local CA's trust, or the JVM's. */
  private static HttpClient httpClient(IdentityTrust identity) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER);
    if (identity != null) {
      builder.sslContext(identity.tls());
    }
    return builder.build();
  }

  /** Base URL of the gateway's first listener. */
  /**
   * Starts fetching keys, polling the revocation feed and connecting to Redis. {@code up} calls it
   * once the identity role answers (the gateway starts beside it); {@code serve} at once.
   */
  void startBackgroundWork() {
    security.startBackgroundWork();
  }

  URI baseUri() {
    return baseUri;
  }

  /** The bakery's routes, and the identity server's public endpoints at {@code identity}. */
  private static io.bulwark.gateway.config.GatewayConfig withDefaultRoutes(
      io.bulwark.gateway.config.GatewayConfig config,
      Map<String, URI> bakery,
      URI identity,
      ListenerTls tls) {
    List<X509Certificate> trustedCas = trustedCas(tls);
    List<RouteConfig> routes = new ArrayList<>();
    List<ClusterConfig> clusters = new ArrayList<>();
    addService(routes, clusters, bakery, trustedCas, "catalog", "/products", "product");
    addService(routes, clusters, bakery, trustedCas, "orders", "/orders", null);
    addService(routes, clusters, bakery, trustedCas, "payments", "/charges", null);
    if (identity != null) {
      routes.addAll(IdentityGatewayRoutes.routes());
      clusters.add(
          tls.caCertificate().isPresent()
              ? IdentityGatewayRoutes.cluster(identity, trustedCas, tls.certificate())
              : IdentityGatewayRoutes.cluster(identity, trustedCas, null));
    }
    return new io.bulwark.gateway.config.GatewayConfig(
        config.listeners(),
        routes,
        clusters,
        config.timeouts(),
        config.limits(),
        config.trustedProxies());
  }

  private static void addService(
      List<RouteConfig> routes,
      List<ClusterConfig> clusters,
      Map<String, URI> bakery,
      List<X509Certificate> trustedCas,
      String service,
      String path,
      String resourceKind) {
    URI uri = bakery.get(service);
    if (uri == null) {
      return;
    }
    clusters.add(
        new ClusterConfig(
            service,
            List.of(new ClusterConfig.EndpointAddress(uri.getHost(), uri.getPort())),
            ClusterConfig.Balancing.ROUND_ROBIN,
            ClusterConfig.DEFAULT_MAX_CONNECTIONS,
            new ClusterConfig.UpstreamTlsConfig(trustedCas, List.of(), null, null)));
    RouteConfig.PolicyBinding item =
        resourceKind == null ? null : new RouteConfig.PolicyBinding(resourceKind, "id", "read");
    RouteConfig.PolicyBinding collection =
        resourceKind == null ? null : new RouteConfig.PolicyBinding(resourceKind, null, "read");
    if (resourceKind != null) {
      routes.add(
          new RouteConfig(
                  service + "-item",
                  null,
                  PathMatch.template(path + "/{id}"),
                  Set.of("GET", "HEAD"),
                  Map.of(),
                  service,
                  item)
              .withRateLimit(BAKERY_RATE_LIMIT));
      routes.add(
          new RouteConfig(
                  service + "-list",
                  null,
                  PathMatch.exact(path),
                  Set.of("GET", "HEAD"),
                  Map.of(),
                  service,
                  collection)
              .withRateLimit(BAKERY_RATE_LIMIT));
    }
    routes.add(
        RouteConfig.of(service, PathMatch.prefix(path), service).withRateLimit(BAKERY_RATE_LIMIT));
  }

  private static List<X509Certificate> trustedCas(ListenerTls tls) {
    try {
      if (tls.caCertificate().isPresent()) {
        return PemFiles.readCertificates(tls.caCertificate().get());
      }
      List<X509Certificate> chain = PemFiles.readCertificates(tls.certificate().certificateFile());
      return List.of(chain.get(chain.size() - 1));
    } catch (CryptoFileException e) {
      throw new IllegalStateException("cannot read the CA certificate: " + e.getMessage(), e);
    }
  }

  /**
   * The identity role as a trusted issuer, with every algorithm {@code identity.signingAlgorithm}
   * can name (tokens of the previous algorithm stay valid after it changes). The gateway picks keys
   * by type for the token's algorithm, so allowing three does not open algorithm confusion.
   */
  private static IssuerSettings identityIssuer(IdentityTrust identity) {
    return IssuerSettings.builder(identity.issuer())
        .jwksUri(identity.jwkSetUri())
        .algorithms(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA))
        .audiences(Set.copyOf(PolicyRole.AUDIENCES))
        .build();
  }

  private static void closeQuietly(AutoCloseable resource) {
    if (resource == null) {
      return;
    }
    try {
      resource.close();
    } catch (Exception ignored) {
      // start-up already failed; that failure is the one reported
    }
  }

  @Override
  public void close() {
    for (AutoCloseable watcher : watchers) {
      closeQuietly(watcher);
    }
    server.close();
    security.close();
  }
}
