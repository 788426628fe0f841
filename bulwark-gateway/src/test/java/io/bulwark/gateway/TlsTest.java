package io.bulwark.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.core.crypto.LocalCa;
import io.bulwark.core.crypto.ServerCertificate;
import io.bulwark.gateway.chain.Attributes;
import io.bulwark.gateway.chain.Phase;
import io.bulwark.gateway.chain.StageResult;
import io.bulwark.gateway.config.ClusterConfig;
import io.bulwark.gateway.config.ClusterConfig.EndpointAddress;
import io.bulwark.gateway.config.ClusterConfig.UpstreamTlsConfig;
import io.bulwark.gateway.config.GatewayConfig;
import io.bulwark.gateway.config.Limits;
import io.bulwark.gateway.config.ListenerConfig;
import io.bulwark.gateway.config.PathMatch;
import io.bulwark.gateway.config.RouteConfig;
import io.bulwark.gateway.config.ServerTlsConfig;
import io.bulwark.gateway.config.Timeouts;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class TlsTest {
  @TempDir Path dir;
  private TestBackend backend;
  private GatewayServer gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  private static List<X509Certificate> chain(ServerCertificate c) {
    return c.chain();
  }

  private int start(LocalCa ca, UpstreamTlsConfig upstreamTls, ServerTlsConfig listenerTls)
      throws Exception {
    GatewayConfig config =
        new GatewayConfig(
            List.of(new ListenerConfig("tls", "127.0.0.1", 0, listenerTls)),
            List.of(RouteConfig.of("all", PathMatch.prefix("/"), "secure")),
            List.of(
                new ClusterConfig(
                    "secure",
                    List.of(new EndpointAddress("localhost", backend.port())),
                    ClusterConfig.Balancing.ROUND_ROBIN,
                    4,
                    upstreamTls)),
            Timeouts.DEFAULTS,
            Limits.DEFAULTS,
            List.of());
    gateway =
        GatewayServer.builder(config)
            .auditLog(new MemoryAuditLog())
            .workerThreads(1)
            .stage(
                Phase.AUTHENTICATION,
                route ->
                    java.util.Optional.of(req -> {
                      if (req.clientCertificates().isEmpty()) {
                        return CompletableFuture.completedFuture(StageResult.proceed());
                      }
                      String subject =
                          req.clientCertificates().get(0).getSubjectX500Principal().getName();
                      return CompletableFuture.completedFuture(
                          new StageResult.Continue(
                              Attributes.EMPTY.with(Attributes.PRINCIPAL, subject),
                              Map.of("X-Bulwark-Client", subject),
                              Map.of()));
                    }))
            .build();
    gateway.start();
    return gateway.port("tls");
  }

  @Test
  void servesTlsWithHstsAndForwardsOverUpstreamMutualTls() throws Exception {
    LocalCa ca = LocalCa.loadOrCreate(dir.resolve("ca"), Clock.systemUTC());
    ServerCertificate backendCert =
        ca.issueServerCertificate(List.of("localhost"), List.of(), Duration.ofDays(1));
    backend = TestBackend.startTls("tls-backend", ca.sslContextForServer(backendCert), true);
    ServerCertificate gatewayCert =
        ca.issueServerCertificate(List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));
    ServerCertificate gatewayClient =
        ca.issueServerCertificate(List.of("gateway.internal"), List.of(), Duration.ofDays(1));
    ServerCertificate userCert =
        ca.issueServerCertificate(List.of("alice.example"), List.of(), Duration.ofDays(1));
    int port =
        start(
            ca,
            new UpstreamTlsConfig(
                List.of(ca.certificate()), chain(gatewayClient), gatewayClient.privateKey(), null),
            new ServerTlsConfig(
                new ServerTlsConfig.KeyMaterial(chain(gatewayCert), gatewayCert.privateKey()),
                Map.of(),
                List.of(ca.certificate()),
                ServerTlsConfig.ClientAuth.OPTIONAL));

    try (HttpClient client =
        HttpClient.newBuilder().sslContext(ca.sslContextForServer(userCert)).build()) {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/who")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("tls-backend GET /who");
      assertThat(r.headers().firstValue("strict-transport-security"))
          .hasValueSatisfying(v -> assertThat(v).contains("max-age="));
      assertThat(r.sslSession().orElseThrow().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
      TestBackend.Seen seen = backend.next();
      assertThat(seen.header("x-bulwark-client")).isEqualTo("CN=alice.example");
      assertThat(seen.header("x-forwarded-proto")).isEqualTo("https");
    }
  }

  @Test
  void refusesUpstreamWhoseCertificateIsNotFromTheConfiguredCa() throws Exception {
    LocalCa ca = LocalCa.loadOrCreate(dir.resolve("ca"), Clock.systemUTC());
    LocalCa other = LocalCa.loadOrCreate(dir.resolve("other"), Clock.systemUTC());
    ServerCertificate backendCert =
        other.issueServerCertificate(List.of("localhost"), List.of(), Duration.ofDays(1));
    backend = TestBackend.startTls("impostor", other.sslContextForServer(backendCert), false);
    ServerCertificate gatewayCert =
        ca.issueServerCertificate(List.of("localhost"), List.of(), Duration.ofDays(1));
    int port =
        start(
            ca,
            new UpstreamTlsConfig(List.of(ca.certificate()), List.of(), null, null),
            ServerTlsConfig.of(chain(gatewayCert), gatewayCert.privateKey()));
    try (HttpClient client =
        HttpClient.newBuilder().sslContext(ca.sslContextTrustingCa()).build()) {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/x")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(backend.seen).isEmpty();
    }
  }

  @Test
  void choosesCertificateBySniName() throws Exception {
    LocalCa ca = LocalCa.loadOrCreate(dir.resolve("ca"), Clock.systemUTC());
    backend = TestBackend.start("plain");
    ServerCertificate main =
        ca.issueServerCertificate(List.of("localhost"), List.of(), Duration.ofDays(1));
    ServerCertificate api =
        ca.issueServerCertificate(List.of("api.example.test"), List.of(), Duration.ofDays(1));
    int port =
        start(
            ca,
            null,
            new ServerTlsConfig(
                new ServerTlsConfig.KeyMaterial(chain(main), main.privateKey()),
                Map.of(
                    "api.example.test",
                    new ServerTlsConfig.KeyMaterial(chain(api), api.privateKey())),
                List.of(),
                ServerTlsConfig.ClientAuth.OPTIONAL));
    assertThat(peerName(ca.sslContextTrustingCa(), port, "api.example.test"))
        .isEqualTo("CN=api.example.test");
    assertThat(peerName(ca.sslContextTrustingCa(), port, "unknown.test")).isEqualTo("CN=localhost");
  }

  private static String peerName(SSLContext context, int port, String sni) throws Exception {
    try (SSLSocket socket =
        (SSLSocket)
            context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
      SSLParameters params = socket.getSSLParameters();
      params.setServerNames(List.of(new SNIHostName(sni)));
      socket.setSSLParameters(params);
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0])
          .getSubjectX500Principal()
          .getName();
    }
  }

  @Test
  void negotiatesHttp2WithAlpnAndStreamsBodiesOverIt() throws Exception {
    LocalCa ca = LocalCa.loadOrCreate(dir.resolve("ca"), Clock.systemUTC());
    backend = TestBackend.start("h1-backend");
    ServerCertificate main =
        ca.issueServerCertificate(List.of("localhost"), List.of(), Duration.ofDays(1));
    int port = start(ca, null, ServerTlsConfig.of(chain(main), main.privateKey()));
    try (HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .sslContext(ca.sslContextTrustingCa())
            .build()) {
      HttpResponse<String> get =
          client.send(
              HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/h2/get")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(get.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.body()).isEqualTo("h1-backend GET /h2/get");
      assertThat(get.headers().firstValue("strict-transport-security")).isPresent();
      TestBackend.Seen seen = backend.next();
      assertThat(seen.header("x-http2-scheme")).isNull();
      assertThat(seen.header("x-forwarded-proto")).isEqualTo("https");

      byte[] body = new byte[300_000];
      new java.util.Random(3).nextBytes(body);
      HttpResponse<String> post =
          client.send(
              HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/sink"))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(post.body()).startsWith(body.length + " ");

      List<CompletableFuture<HttpResponse<String>>> parallel = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        parallel.add(
            client.sendAsync(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/p/" + i)).build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      for (int i = 0; i < 20; i++) {
        assertThat(parallel.get(i).join().body()).isEqualTo("h1-backend GET /p/" + i);
      }
      HttpResponse<String> bad =
          client.send(
              HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/a/%2e%2e/b"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isEqualTo(400);

      // Refused before its body was read: the stream ends after the answer, not with a reset.
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> refused =
            client.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/a/%2e%2e/b"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("\"status\":400");
      }
    }
  }
}
