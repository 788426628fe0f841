package io.bulwark.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.core.config.BulwarkConfig;
import io.bulwark.core.config.ConfigException;
import io.bulwark.core.config.ConfigLoader;
import io.bulwark.core.crypto.LocalCa;
import io.bulwark.core.crypto.PemFiles;
import io.bulwark.core.crypto.ServerCertificate;
import io.bulwark.gateway.auth.ApiKeys;
import io.bulwark.gateway.auth.JwksServer;
import io.bulwark.gateway.auth.TokenMinter;
import io.bulwark.gateway.config.FromBulwarkConfig;
import io.bulwark.gateway.config.GatewayConfig;
import io.bulwark.gateway.config.ServerTlsConfig;
import io.bulwark.gateway.revocation.FeedServer;
import io.bulwark.gateway.security.GatewaySecurity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The gateway section of bulwark.yaml, loaded by core and served for real. */
@Timeout(60)
class GatewayFromYamlTest {
  @TempDir Path dir;

  @Test
  void servesRoutesAndUpstreamTlsFromBulwarkYaml() throws Exception {
    LocalCa ca = LocalCa.loadOrCreate(dir.resolve("ca"), Clock.systemUTC());
    ServerCertificate backendCert =
        ca.issueServerCertificate(List.of("localhost"), List.of(), Duration.ofDays(1));
    ServerCertificate gatewayCert = ca.loadOrIssueLocalhost(dir.resolve("tls"));
    try (TestBackend plain = TestBackend.start("plain");
        TestBackend secure =
            TestBackend.startTls("secure", ca.sslContextForServer(backendCert), false)) {
      Path yaml = dir.resolve("bulwark.yaml");
      Files.writeString(
          yaml,
          """
          gateway:
            listeners:
              - {name: web, host: 127.0.0.1, port: 0, tls: false}
              - {name: tls, host: 127.0.0.1, port: 0}
            routes:
              - {id: orders, path: "/orders/{id}", match: template, methods: [GET], cluster: plain}
              - {id: pay, path: /pay, cluster: secure}
            clusters:
              - {name: plain, endpoints: ["127.0.0.1:%d"], healthCheck: {path: /health, intervalMs: 200}}
              - name: secure
                endpoints: ["localhost:%d"]
                balancing: least_request
                tls: {caFile: "%s"}
            timeouts: {requestMs: 2000}
          """
              .formatted(plain.port(), secure.port(), ca.caCertificatePath()));
      BulwarkConfig config = new ConfigLoader().load(Optional.of(yaml), Map.of(), Map.of());
      GatewayConfig gatewayConfig =
          FromBulwarkConfig.convert(
              config.gateway(),
              ServerTlsConfig.fromPemFiles(
                  gatewayCert.certificateFile(), gatewayCert.privateKeyFile()));
      assertThat(gatewayConfig.clusters().get(0).healthCheck().path()).isEqualTo("/health");
      assertThat(gatewayConfig.clusters().get(0).healthCheck().interval())
          .isEqualTo(Duration.ofMillis(200));
      assertThat(gatewayConfig.clusters().get(0).healthCheck().healthyThreshold()).isEqualTo(2);
      try (GatewayServer gateway =
              GatewayServer.builder(gatewayConfig)
                  .auditLog(new MemoryAuditLog())
                  .workerThreads(1)
                  .build();
          HttpClient client =
              HttpClient.newBuilder().sslContext(ca.sslContextTrustingCa()).build()) {
        gateway.start();
        HttpResponse<String> order =
            client.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port("web") + "/orders/5"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(order.body()).isEqualTo("plain GET /orders/5");
        HttpResponse<String> pay =
            client.send(
                HttpRequest.newBuilder(
                        URI.create("https://localhost:" + gateway.port("tls") + "/pay/x"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(pay.statusCode()).isEqualTo(200);
        assertThat(pay.body()).isEqualTo("secure GET /pay/x");
        assertThat(pay.headers().firstValue("strict-transport-security")).isPresent();
      }
    }
    assertThat(PemFiles.readCertificates(ca.caCertificatePath())).hasSize(1);
  }

  @Test
  void authenticatesRevokesAndLimitsAsBulwarkYamlSays() throws Exception {
    try (JwksServer issuer = JwksServer.oidc();
        FeedServer feed = new FeedServer();
        TestBackend backend = TestBackend.start("bakery")) {
      TokenMinter minter = new TokenMinter(issuer.issuer(), TokenMinter.newKey("k1"));
      issuer.publish(minter.key());
      ApiKeys.Generated key = ApiKeys.generate(new java.security.SecureRandom());
      Path yaml = dir.resolve("bulwark.yaml");
      Files.writeString(
          yaml,
          """
          gateway:
            listeners: [{name: web, host: 127.0.0.1, port: 0, tls: false}]
            routes:
              - {id: menu, path: /menu, cluster: bakery, auth: anonymous}
              - id: orders
                path: /orders
                cluster: bakery
                rateLimit: {requests: 2, periodMs: 60000, keys: [user]}
            clusters: [{name: bakery, endpoints: ["127.0.0.1:%d"]}]
            auth:
              realm: bakery
              issuers: [{issuer: "%s", audiences: [bakery], algorithms: [RS256]}]
              apiKeys: [{id: %s, sha256: %s, owner: ci-robot, scopes: [orders:read]}]
            revocation: {issuer: "%s", clientId: %s}
          """
              .formatted(
                  backend.port(),
                  issuer.issuer(),
                  key.id(),
                  key.sha256(),
                  feed.issuer(),
                  FeedServer.CLIENT_ID));
      BulwarkConfig config =
          new ConfigLoader()
              .load(
                  Optional.of(yaml),
                  Map.of("BULWARK_GATEWAY_REVOCATION_CLIENT_SECRET", FeedServer.CLIENT_SECRET),
                  Map.of());
      GatewayConfig gatewayConfig = FromBulwarkConfig.convert(config.gateway(), null);
      try (GatewaySecurity security =
              GatewaySecurity.start(
                  FromBulwarkConfig.security(config.gateway()),
                  HttpClient.newHttpClient(),
                  Clock.systemUTC());
          GatewayServer gateway =
              security
                  .install(
                      GatewayServer.builder(gatewayConfig)
                          .auditLog(new MemoryAuditLog())
                          .workerThreads(1))
                  .build();
          HttpClient client = HttpClient.newHttpClient()) {
        gateway.start();
        String base = "http://127.0.0.1:" + gateway.port("web");
        java.util.function.Function<String, HttpResponse<String>> get =
            header -> {
              HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/orders"));
              if (header != null) {
                b.header("Authorization", header);
              }
              try {
                return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            };
        HttpResponse<String> none = get.apply(null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate"))
            .hasValue("Bearer realm=\"bakery\"");
        assertThat(
                client
                    .send(
                        HttpRequest.newBuilder(URI.create(base + "/menu")).build(),
                        HttpResponse.BodyHandlers.ofString())
                    .statusCode())
            .isEqualTo(200);
        assertThat(get.apply("Bearer " + key.plaintext()).statusCode()).isEqualTo(200);

        java.time.Instant now = java.time.Instant.now();
        String token = minter.mint(now);
        HttpResponse<String> ok = get.apply("Bearer " + token);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("RateLimit-Policy")).hasValue("\"orders\";q=2;w=60");
        String jti = com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
        feed.add("jti", jti, now.plusSeconds(1), now.plusSeconds(600));
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
        int status;
        do {
          Thread.sleep(20);
          status = get.apply("Bearer " + token).statusCode();
        } while (status != 401 && System.nanoTime() < deadline);
        assertThat(status).isEqualTo(401);

        String bob = minter.mint(minter.claims(now).subject("bob").build());
        assertThat(get.apply("Bearer " + bob).statusCode()).isEqualTo(200);
        assertThat(get.apply("Bearer " + bob).statusCode()).isEqualTo(200);
        assertThat(get.apply("Bearer " + bob).statusCode()).isEqualTo(429);
      }
    }
  }

  @Test
  void rejectsASharedRateLimitWithoutRedisAndUnknownAuthKeys() throws Exception {
    Path yaml = dir.resolve("bulwark.yaml");
    Files.writeString(
        yaml,
        """
        gateway:
          routes:
            - {id: a, path: /a, cluster: c, rateLimit: {requests: 1, periodMs: 1000, shared: true}}
          clusters: [{name: c, endpoints: ["127.0.0.1:1"]}]
        """);
    assertThatThrownBy(() -> new ConfigLoader().load(Optional.of(yaml), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("gateway.routes[0].rateLimit.shared");
    Files.writeString(
        yaml,
        """
        gateway:
          auth:
            issuers: [{issuer: "https://id.example", audiences: [x], algorithms: [HS256]}]
        """);
    assertThatThrownBy(() -> new ConfigLoader().load(Optional.of(yaml), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("gateway.auth.issuers");
    Files.writeString(
        yaml,
        """
        gateway:
          revocation: {issuer: "https://id.example"}
        """);
    assertThatThrownBy(() -> new ConfigLoader().load(Optional.of(yaml), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("gateway.revocation");
  }

  @Test
  void anIssuerPinnedToEdDsaInBulwarkYamlVerifiesEd25519Only() throws Exception {
    Path yaml = dir.resolve("bulwark.yaml");
    Files.writeString(
        yaml,
        """
        gateway:
          auth:
            issuers: [{issuer: "https://id.example", audiences: [x], algorithms: [EdDSA]}]
        """);
    BulwarkConfig config = new ConfigLoader().load(Optional.of(yaml), Map.of(), Map.of());

    assertThat(FromBulwarkConfig.security(config.gateway()).issuers().get(0).algorithms())
        .containsExactly(com.nimbusds.jose.JWSAlgorithm.EdDSA);
  }

  @Test
  void clusterResilienceSettingsFromBulwarkYamlReachTheGatewayCluster() throws Exception {
    Path yaml = dir.resolve("bulwark.yaml");
    Files.writeString(
        yaml,
        """
        gateway:
          listeners: [{name: web, host: 127.0.0.1, port: 0, tls: false}]
          clusters:
            - name: pay
              endpoints: ["127.0.0.1:8083", "127.0.0.1:8084"]
              circuitBreaker: {minimumNumberOfCalls: 4, slidingWindowSize: 4, waitInOpenStateMs: 2000}
              retry: {maxAttempts: 3, budgetPercent: 50, backoffMs: 25}
              bulkhead: {maxConcurrentRequests: 9}
            - {name: shop, endpoints: ["127.0.0.1:8082"]}
        """);
    BulwarkConfig config = new ConfigLoader().load(Optional.of(yaml), Map.of(), Map.of());

    GatewayConfig converted = FromBulwarkConfig.convert(config.gateway(), null);

    io.bulwark.gateway.config.ResilienceConfig pay = converted.clusters().get(0).resilience();
    assertThat(pay.circuitBreaker().minimumNumberOfCalls()).isEqualTo(4);
    assertThat(pay.circuitBreaker().slidingWindowSize()).isEqualTo(4);
    assertThat(pay.circuitBreaker().waitInOpenState()).isEqualTo(java.time.Duration.ofSeconds(2));
    assertThat(pay.circuitBreaker().failureRateThreshold()).isEqualTo(50);
    assertThat(pay.retry())
        .isEqualTo(
            new io.bulwark.gateway.config.ResilienceConfig.Retry(
                3, 50, java.time.Duration.ofMillis(25)));
    assertThat(pay.bulkhead().limit(2, 64)).isEqualTo(9);
    assertThat(converted.clusters().get(1).resilience())
        .isEqualTo(io.bulwark.gateway.config.ResilienceConfig.DEFAULTS);
    assertThat(converted.clusters().get(1).resilience().bulkhead().limit(1, 64)).isEqualTo(64 * 16);
  }

  @Test
  void tlsListenersAskForClientCertificatesOfTheMtlsCa() throws Exception {
    LocalCa ca = LocalCa.loadOrCreate(dir.resolve("ca"), Clock.systemUTC());
    ServerCertificate cert = ca.loadOrIssueLocalhost(dir.resolve("tls"));
    Path yaml = dir.resolve("bulwark.yaml");
    Files.writeString(
        yaml,
        """
        gateway:
          auth:
            mtls: {trustDomains: [bulwark.local], caFile: "%s"}
        """
            .formatted(ca.caCertificatePath()));
    BulwarkConfig config = new ConfigLoader().load(Optional.of(yaml), Map.of(), Map.of());
    ServerTlsConfig tls =
        ServerTlsConfig.fromPemFiles(cert.certificateFile(), cert.privateKeyFile());

    GatewayConfig converted = FromBulwarkConfig.convert(config.gateway(), tls);

    assertThat(converted.listeners().get(0).tls().clientCas())
        .containsExactlyElementsOf(PemFiles.readCertificates(ca.caCertificatePath()));
    assertThat(FromBulwarkConfig.security(config.gateway()).mtls().trustDomains())
        .containsExactly("bulwark.local");
    assertThat(
            FromBulwarkConfig.convert(
                    new ConfigLoader().load(Optional.empty(), Map.of(), Map.of()).gateway(), tls)
                .listeners()
                .get(0)
                .tls()
                .clientCas())
        .isEmpty();
  }
}
