package io.bulwark.cli.up;

import io.bulwark.cli.dev.DemoCredentials;
import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.config.BakeryConfig;
import io.bulwark.core.crypto.ServerCertificate;
import io.bulwark.core.http.HealthCheck;
import io.bulwark.core.http.HttpServer;
import io.bulwark.core.telemetry.Telemetry;
import io.bulwark.core.telemetry.TracingHttpClient;
import io.bulwark.examples.bakery.catalog.CatalogService;
import io.bulwark.examples.bakery.orders.OrdersService;
import io.bulwark.examples.bakery.orders.TokenExchangeClient;
import io.bulwark.examples.bakery.payments.PaymentsService;
import io.bulwark.examples.bakery.store.BakeryDatabase;
import io.javalin.config.RoutesConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The bakery demo services (catalog, orders, payments) on core's HTTP server, each over TLS with
 * the local CA's certificate, its own embedded store, and its own token verifier for its audience.
 */
final class BakeryRole implements AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final Map<String, URI> endpoints = new LinkedHashMap<>();
  private final Map<String, HealthCheck> healthChecks = new LinkedHashMap<>();

  private final AuditLog audit;

  private BakeryRole(AuditLog audit) {
    this.audit = audit;
  }

  static BakeryRole start(
      BakeryConfig config,
      Path dataDir,
      ListenerTls tls,
      IdentityTrust identity,
      URI identityBase,
      DemoCredentials.Client ordersClient,
      Telemetry telemetry,
      AuditLog audit,
      Clock clock) {
    BakeryRole role = new BakeryRole(audit);
    try {
      role.startServices(
          config, dataDir, tls, identity, identityBase, ordersClient, telemetry, clock);
      return role;
    } catch (RuntimeException e) {
      role.close();
      throw e;
    }
  }

  Map<String, URI> endpoints() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
  }

  Map<String, HealthCheck> healthChecks() {
    return Map.copyOf(healthChecks);
  }

  private void startServices(
      BakeryConfig config,
      Path dataDir,
      ListenerTls tls,
      IdentityTrust identity,
      URI identityBase,
      DemoCredentials.Client ordersClient,
      Telemetry telemetry,
      Clock clock) {
    DataSource catalogDb = database(dataDir, "catalog");
    DataSource ordersDb = database(dataDir, "orders");
    DataSource paymentsDb = database(dataDir, "payments");
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(tls.clientContext())
            .connectTimeout(CONNECT_TIMEOUT)
            .build();

    CatalogService catalog = new CatalogService(catalogDb, identity.forAudience("catalog"));
    serve(
        "catalog",
        config,
        config.catalogPort(),
        "--catalog-port",
        catalog::routes,
        tls.certificate(),
        telemetry);
    PaymentsService payments =
        new PaymentsService(
            paymentsDb, identity.forAudience("payments"), DemoCredentials.ORDERS_CLIENT_ID);
    serve(
        "payments",
        config,
        config.paymentsPort(),
        "--payments-port",
        payments::routes,
        tls.certificate(),
        telemetry);
    HttpClient traced = new TracingHttpClient(http, telemetry);
    OrdersService orders =
        new OrdersService(
            ordersDb,
            identity.forAudience("orders"),
            traced,
            endpoints.get("catalog"),
            endpoints.get("payments"),
            new TokenExchangeClient(
                traced,
                identityBase.resolve("/oauth2/token"),
                ordersClient.clientId(),
                ordersClient.clientSecret(),
                "payments",
                "bakery",
                TokenExchangeClient.DEFAULT_MAX_CACHED,
                clock));
    serve(
        "orders",
        config,
        config.ordersPort(),
        "--orders-port",
        orders::routes,
        tls.certificate(),
        telemetry);
  }

  private void serve(
      String name,
      BakeryConfig config,
      int port,
      String option,
      Consumer<RoutesConfig> routes,
      ServerCertificate certificate,
      Telemetry telemetry) {
    HttpServer server =
        HttpServer.builder(name, telemetry)
            .bind(config.host(), port)
            .tls(certificate.certificateFile(), certificate.privateKeyFile())
            .routes(routes)
            .auditLog(audit)
            .build();
    resources.push(server);
    LocalPlatform.bind(server::start, name, config.host(), port, option, "bakery." + name + "Port");
    endpoints.put(name, uri(server.port()));
  }

  private DataSource database(Path dataDir, String service) {
    var dataSource = BakeryDatabase.open(dataDir, service);
    resources.push(dataSource);
    healthChecks.put("bakery-" + service, () -> DatabaseHealth.check(dataSource));
    return dataSource;
  }

  /** Listeners use the certificate's name {@code localhost}, not the bind address. */
  private static URI uri(int port) {
    return URI.create("https://localhost:" + port);
  }

  @Override
  public void close() {
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(BakeryRole.class).warn("error while stopping", e);
      }
    }
  }
}
