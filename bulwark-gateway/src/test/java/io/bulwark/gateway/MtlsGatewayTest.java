package io.bulwark.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.gateway.auth.MtlsSettings;
import io.bulwark.gateway.auth.TestCerts;
import io.bulwark.gateway.config.ClusterConfig;
import io.bulwark.gateway.config.ClusterConfig.EndpointAddress;
import io.bulwark.gateway.config.GatewayConfig;
import io.bulwark.gateway.config.Limits;
import io.bulwark.gateway.config.ListenerConfig;
import io.bulwark.gateway.config.PathMatch;
import io.bulwark.gateway.config.RouteConfig;
import io.bulwark.gateway.config.ServerTlsConfig;
import io.bulwark.gateway.config.Timeouts;
import io.bulwark.gateway.ratelimit.ClusterRateLimitSettings.FailureMode;
import io.bulwark.gateway.security.GatewaySecurity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A client certificate with a SPIFFE ID authenticates through a gateway listener asking for it. */
@Timeout(60)
class MtlsGatewayTest {
  private static final char[] PASSWORD = "test".toCharArray();
  private final TestCerts ca = new TestCerts("mesh-ca");

  private SSLContext context(TestCerts.Issued own) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.ca());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    if (own != null) {
      keys.setKeyEntry("own", own.key(), PASSWORD, new Certificate[] {own.certificate(), ca.ca()});
    }
    kmf.init(keys, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }

  @Test
  void spiffeClientCertificateBecomesThePrincipalAndNoCertificateGets401() throws Exception {
    TestCerts.Issued server = ca.issue("dns:localhost");
    TestCerts.Issued orders = ca.issue("uri:spiffe://bulwark.local/ns/shop/sa/orders");
    TestCerts.Issued stranger = ca.issue("uri:spiffe://elsewhere.example/sa/x");
    ServerTlsConfig tls =
        new ServerTlsConfig(
            new ServerTlsConfig.KeyMaterial(List.of(server.certificate(), ca.ca()), server.key()),
            Map.of(),
            List.of(ca.ca()),
            ServerTlsConfig.ClientAuth.OPTIONAL);
    try (TestBackend backend = TestBackend.start("shop");
        GatewaySecurity security =
            GatewaySecurity.start(
                new GatewaySecurity.Settings(
                    List.of(),
                    List.of(),
                    new MtlsSettings(Set.of("bulwark.local"), List.of(ca.ca())),
                    null,
                    null,
                    FailureMode.OPEN,
                    "shop"),
                HttpClient.newHttpClient(),
                Clock.systemUTC());
        GatewayServer gateway =
            security
                .install(
                    GatewayServer.builder(
                            new GatewayConfig(
                                List.of(new ListenerConfig("tls", "127.0.0.1", 0, tls)),
                                List.of(RouteConfig.of("orders", PathMatch.prefix("/"), "shop")),
                                List.of(
                                    ClusterConfig.of(
                                        "shop", new EndpointAddress("127.0.0.1", backend.port()))),
                                Timeouts.DEFAULTS,
                                Limits.DEFAULTS,
                                List.of()))
                        .auditLog(new MemoryAuditLog())
                        .workerThreads(1))
                .build()) {
      gateway.start();
      URI uri = URI.create("https://localhost:" + gateway.port("tls") + "/orders");

      assertThat(status(orders, uri)).isEqualTo(200);
      TestBackend.Seen seen = backend.next();
      assertThat(seen.header("x-bulwark-principal"))
          .isEqualTo("spiffe://bulwark.local/ns/shop/sa/orders");
      assertThat(seen.header("x-bulwark-auth-method")).isEqualTo("mtls");

      assertThat(status(null, uri)).isEqualTo(401);
      assertThat(status(stranger, uri)).isEqualTo(401);
    }
  }

  private int status(TestCerts.Issued own, URI uri) throws Exception {
    try (HttpClient client =
        HttpClient.newBuilder()
            .sslContext(context(own))
            .connectTimeout(Duration.ofSeconds(5))
            .build()) {
      return client
          .send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString())
          .statusCode();
    }
  }
}
