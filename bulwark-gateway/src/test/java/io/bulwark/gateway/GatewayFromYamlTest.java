package io.bulwark.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.core.config.BulwarkConfig;
import io.bulwark.core.config.ConfigLoader;
import io.bulwark.core.crypto.LocalCa;
import io.bulwark.core.crypto.PemFiles;
import io.bulwark.core.crypto.ServerCertificate;
import io.bulwark.gateway.config.FromBulwarkConfig;
import io.bulwark.gateway.config.GatewayConfig;
import io.bulwark.gateway.config.ServerTlsConfig;
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
}
