package io.bulwark.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failed sign-ins at the identity role of a running {@code bulwark up}, posted to its sign-in form
 * as a browser would, reach the shared audit log, and the shipped brute-force rule raises an alert
 * that {@code GET /v1/alerts} on the audit listener lists.
 */
class IdentityBruteForceIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HIDDEN =
      Pattern.compile("<input type=\"hidden\" name=\"([a-z]+)\" value=\"([^\"]*)\">");
  private static final int ATTEMPTS = 10;

  @TempDir Path work;

  private final UpPorts ports = UpPorts.free();

  @Test
  void repeatedFailedSignInsForOneAccountRaiseTheBruteForceAlert() throws Exception {
    try (BulwarkUp up = BulwarkUp.start(work, ports)) {
      JsonNode endpoints = up.endpoints();
      URI identity = URI.create(endpoints.path("identity").asText());
      URI audit = URI.create(endpoints.path("audit").asText());
      HttpClient https = up.httpsClient();

      HttpResponse<String> page =
          https.send(
              HttpRequest.newBuilder(identity.resolve("/oauth2/authorize?" + authorizeQuery()))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              body());
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      String cookie =
          page.headers().allValues("Set-Cookie").stream()
              .filter(c -> c.startsWith("__Host-bulwark-login="))
              .map(c -> c.substring(0, c.indexOf(';')))
              .findFirst()
              .orElseThrow();
      Map<String, String> form = hidden(page.body());
      form.put("username", "bob");
      form.put("password", "not bob's password at all");
      for (int i = 0; i < ATTEMPTS; i++) {
        HttpResponse<String> attempt =
            https.send(
                HttpRequest.newBuilder(identity.resolve("/login"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Cookie", cookie)
                    .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                    .build(),
                body());
        assertThat(attempt.statusCode()).as("attempt %d", i).isIn(200, 429);
      }

      String reader =
          up.token("--user", "carol", "--audience", "audit", "--scope", "audit:read").strip();
      JsonNode alert = BulwarkUp.awaitAlert(https, audit, "brute-force-account", reader);
      assertThat(alert).as("a brute-force alert").isNotNull();
      assertThat(alert.path("group").asText()).isEqualTo("user:bob");
      assertThat(alert.path("eventIds")).hasSize(ATTEMPTS);

      String failed = up.auditQuery("--type", "auth.login.failed");
      assertThat(failed.lines().count()).isEqualTo(ATTEMPTS);
      assertThat(failed).contains("\"target\":\"user:bob\"").doesNotContain("not bob's password");
      assertThat(up.terminate()).as("exit code after SIGTERM").isZero();
    }
  }

  private static String authorizeQuery() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", "bulwark-cli");
    query.put("redirect_uri", "http://127.0.0.1/bulwark-cli/callback");
    query.put("scope", "openid bakery");
    query.put("state", "brute-force-it");
    // Never redeemed: any well-formed S256 challenge will do.
    query.put("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    query.put("code_challenge_method", "S256");
    return encode(query);
  }

  private static Map<String, String> hidden(String html) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher m = HIDDEN.matcher(html);
    while (m.find()) {
      fields.put(m.group(1), m.group(2));
    }
    assertThat(fields).containsKeys("request", "csrf");
    return fields;
  }

  private static String encode(Map<String, String> params) {
    return params.entrySet().stream()
        .map(e ->
            URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static HttpResponse.BodyHandler<String> body() {
    return HttpResponse.BodyHandlers.ofString();
  }
}
