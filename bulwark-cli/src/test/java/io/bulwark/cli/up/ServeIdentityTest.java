package io.bulwark.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.cli.BulwarkCommand;
import io.bulwark.testkit.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bulwark serve --role identity} as a real child process: it serves discovery over HTTPS
 * with the data dir's local CA, answers readiness, seeds only the CLI's admin client (no demo
 * users), is administered by the CLI through the endpoints.json it writes, and stops with exit 0 on
 * SIGTERM.
 */
@Timeout(120)
class ServeIdentityTest {
  @TempDir Path dir;

  @Test
  void servesDiscoveryIsAdministeredByTheCliAndStopsOnSigterm() throws Exception {
    int adminPort = FreePorts.next();
    int identityPort = FreePorts.next();
    Path data = dir.resolve("data");
    Path file = dir.resolve("bulwark.yaml");
    Files.writeString(
        file,
        """
        dataDir: "%s"
        admin: {port: %d}
        identity: {port: %d}
        """
            .formatted(data, adminPort, identityPort));
    try (ChildProcess bulwark =
        ChildProcess.start(dir, "serve", "--role", "identity", "--config", file.toString())) {
      bulwark.awaitLine(l -> l.contains("Bulwark identity is ready"));
      URI identity = URI.create("https://localhost:" + identityPort);
      try (HttpClient https = trusting(data.resolve("tls/ca.pem"));
          HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> discovery =
            https.send(
                HttpRequest.newBuilder(identity.resolve("/.well-known/openid-configuration"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(discovery.body()).contains("\"issuer\":\"https:\\/\\/localhost:" + identityPort);
        HttpResponse<String> ready =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + adminPort + "/health/ready"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      }

      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      String[] target = {"--data-dir", data.toString()};
      CommandLine cli =
          new CommandLine(new BulwarkCommand())
              .setOut(new PrintWriter(out, true))
              .setErr(new PrintWriter(err, true));
      assertThat(cli.execute(concat(new String[] {"clients", "list"}, target)))
          .as(err.toString())
          .isZero();
      assertThat(out.toString()).contains("bulwark-admin").doesNotContain("orders-service");
      assertThat(cli.execute(concat(new String[] {"users", "list"}, target)))
          .as(err.toString())
          .isZero();
      assertThat(out.toString()).doesNotContain("alice");

      assertThat(bulwark.terminate()).isZero();
      assertThat(bulwark.output()).contains("bulwark: stopping");
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static HttpClient trusting(Path caPem) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (var in = Files.newInputStream(caPem)) {
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(context).build();
  }
}
