package io.bulwark.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.core.crypto.LocalCa;
import io.bulwark.core.crypto.ServerCertificate;
import io.bulwark.core.telemetry.Telemetry;
import io.bulwark.testkit.TestPki;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientCertificatesTest {
  @TempDir Path dir;
  private Telemetry telemetry;
  private HttpServer server;
  private LocalCa serverCa;
  private TestPki clientCa;

  @BeforeEach
  void start() throws Exception {
    serverCa = LocalCa.loadOrCreate(dir.resolve("tls"), Clock.systemUTC());
    ServerCertificate cert = serverCa.loadOrIssueLocalhost(dir.resolve("tls"));
    clientCa = new TestPki("Client CA");
    Path caPem = clientCa.writeCa(dir.resolve("client-ca.pem"));
    telemetry = Telemetry.create("t", Optional.empty(), 0.0);
    server =
        HttpServer.builder("mtls", telemetry)
            .tls(cert.certificateFile(), cert.privateKeyFile())
            .clientCertificates(caPem)
            .routes(r ->
                r.get(
                    "/who",
                    ctx ->
                        ctx.result(
                            ClientCertificates.verified(ctx)
                                    .map(c -> "verified " + c.getSubjectX500Principal().getName())
                                    .orElse("unverified")
                                + " / "
                                + ClientCertificates.presented(ctx)
                                    .map(c -> c.getSubjectX500Principal().getName())
                                    .orElse("none"))))
            .build()
            .start();
  }

  @AfterEach
  void stop() {
    server.close();
    telemetry.close();
  }

  private String who(SSLContext ssl) throws Exception {
    HttpResponse<String> response =
        HttpClient.newBuilder()
            .sslContext(ssl)
            .build()
            .send(
                HttpRequest.newBuilder(server.baseUri().resolve("/who")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  @Test
  void certificateFromTheConfiguredCaIsVerifiedAndExposed() throws Exception {
    TestPki.Issued client = clientCa.issue("CN=orders,O=Bakery");
    String body = who(TestPki.clientContext(client, TestPki.trusting(serverCa.certificate())));
    assertThat(body).isEqualTo("verified CN=orders,O=Bakery / CN=orders,O=Bakery");
  }

  @Test
  void clientWithoutCertificateStillConnects() throws Exception {
    assertThat(who(serverCa.sslContextTrustingCa())).isEqualTo("unverified / none");
  }

  @Test
  void certificateFromAnotherCaConnectsButIsNotVerified() throws Exception {
    TestPki.Issued stranger = new TestPki("Other CA").issue("CN=orders,O=Bakery");
    String body = who(TestPki.clientContext(stranger, TestPki.trusting(serverCa.certificate())));
    assertThat(body).isEqualTo("unverified / CN=orders,O=Bakery");
  }

  @Test
  void clientCertificatesNeedTls() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            HttpServer.builder("plain", telemetry)
                .clientCertificates(dir.resolve("client-ca.pem"))
                .build())
        .isInstanceOf(IllegalStateException.class);
  }
}
