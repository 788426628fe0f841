package io.bulwark.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bulwark up} with its audit listener: a service posts events over HTTPS with a token
 * carrying {@code audit:write}; the events land in the chained log; the brute-force rule raises an
 * alert listed by {@code GET /v1/alerts} that links exactly the posted events; the log verifies.
 */
class AuditListenerIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  private final UpPorts ports = UpPorts.free();

  @Test
  void ingestedLoginFailuresRaiseABruteForceAlertLinkingThem() throws Exception {
    Path dataDir = work.resolve("state");
    try (BulwarkProcess up = BulwarkProcess.start(work, ports.upArgs("state"))) {
      up.awaitReady(URI.create("http://127.0.0.1:" + ports.admin() + "/health/ready"));
      JsonNode endpoints = JSON.readTree(dataDir.resolve("endpoints.json").toFile());
      URI audit = URI.create(endpoints.path("audit").asText());
      assertThat(audit.toString()).isEqualTo("https://localhost:" + ports.audit());
      assertThat(endpoints.path("auditRules").asInt()).isGreaterThanOrEqualTo(8);
      assertThat(up.stdout()).contains("audit      https://localhost:" + ports.audit());
      HttpClient https = httpsClientTrusting(Path.of(endpoints.path("caCertificate").asText()));

      String writer = token("audit:write");
      StringBuilder batch = new StringBuilder("[");
      for (int i = 0; i < 10; i++) {
        batch
            .append(i == 0 ? "" : ",")
            .append("{\"type\":\"auth.login.failed\",\"target\":\"user:bob\",\"action\":\"login\",")
            .append("\"outcome\":\"failure\",\"reason\":\"invalid credentials\"}");
      }
      batch.append("]");
      HttpResponse<String> posted = https.send(post(audit, writer, batch.toString()), body());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
      List<String> ids = new ArrayList<>();
      JSON.readTree(posted.body()).path("ids").forEach(id -> ids.add(id.asText()));
      assertThat(ids).hasSize(10);

      HttpResponse<String> bad =
          https.send(post(audit, writer, "[{\"type\":\"auth.login.failed\"}]"), body());
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");

      String reader = token("audit:read");
      JsonNode alert = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (alert == null && System.nanoTime() < deadline) {
        HttpResponse<String> listed =
            https.send(
                HttpRequest.newBuilder(audit.resolve("/v1/alerts?rule=brute-force-account"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + reader)
                    .build(),
                body());
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode alerts = JSON.readTree(listed.body()).path("alerts");
        if (!alerts.isEmpty()) {
          alert = alerts.get(0);
        } else {
          Thread.sleep(100);
        }
      }
      assertThat(alert).as("a brute-force alert").isNotNull();
      assertThat(alert.path("group").asText()).isEqualTo("user:bob");
      List<String> linked = new ArrayList<>();
      alert.path("eventIds").forEach(id -> linked.add(id.asText()));
      assertThat(linked).containsExactlyElementsOf(ids);
      assertThat(up.stdout() + up.stderr()).contains("brute-force-account");

      String query =
          BulwarkProcess.run(
              work, "audit", "query", "state/audit", "--json", "--type", "auth.login.failed");
      assertThat(query.lines().count()).isEqualTo(10);
      String writerId = Jwts.claims(writer).path("sub").asText();
      assertThat(query).contains("\"reportedBy\":\"" + writerId + "\"").contains(ids.getFirst());
      assertThat(up.terminate()).as("exit code after SIGTERM").isZero();
    }
    String verified =
        BulwarkProcess.run(
            work,
            "audit",
            "verify",
            "--dir",
            "state/audit",
            "--public-key",
            "state/keys/audit-signing.pub.pem",
            "--strict");
    assertThat(verified).startsWith("OK:");
  }

  private String token(String scope) throws Exception {
    return BulwarkProcess.run(
            work,
            "token",
            "--user",
            "alice",
            "--audience",
            "audit",
            "--scope",
            scope,
            "--data-dir",
            "state")
        .strip();
  }

  private static HttpResponse.BodyHandler<String> body() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private static HttpRequest post(URI audit, String token, String json) {
    return HttpRequest.newBuilder(audit.resolve("/v1/audit/events"))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private static HttpClient httpsClientTrusting(Path caPem) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caPem)) {
      trust.setCertificateEntry(
          "bulwark-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return HttpClient.newBuilder()
        .sslContext(context)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }
}
