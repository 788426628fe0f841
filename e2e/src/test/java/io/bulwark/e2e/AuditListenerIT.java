package io.bulwark.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    try (BulwarkUp up = BulwarkUp.start(work, ports)) {
      JsonNode endpoints = up.endpoints();
      URI audit = URI.create(endpoints.path("audit").asText());
      assertThat(audit.toString()).isEqualTo("https://localhost:" + ports.audit());
      assertThat(endpoints.path("auditRules").asInt()).isGreaterThanOrEqualTo(8);
      assertThat(up.stdout()).contains("audit      https://localhost:" + ports.audit());
      HttpClient https = up.httpsClient();

      String writer = token(up, "audit:write");
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

      String reader = token(up, "audit:read");
      JsonNode alert = BulwarkUp.awaitAlert(https, audit, "brute-force-account", reader);
      assertThat(alert).as("a brute-force alert").isNotNull();
      assertThat(alert.path("group").asText()).isEqualTo("user:bob");
      List<String> linked = new ArrayList<>();
      alert.path("eventIds").forEach(id -> linked.add(id.asText()));
      assertThat(linked).containsExactlyElementsOf(ids);
      assertThat(up.stdout() + up.stderr()).contains("brute-force-account");

      String query = up.auditQuery("--type", "auth.login.failed");
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

  private static String token(BulwarkUp up, String scope) throws Exception {
    return up.token("--user", "alice", "--audience", "audit", "--scope", scope).strip();
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
}
