package io.bulwark.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.testkit.FreePorts;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code bulwark up} as a subprocess and uses its decision API the way nginx {@code
 * auth_request} does, with tokens from {@code bulwark token}; then edits the seeded policies in
 * {@code dataDir/policies} and sees a good edit applied and a broken one rejected.
 */
class PolicyDecisionApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RELOAD_WAIT = Duration.ofSeconds(10);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path work;

  private final int adminPort = FreePorts.next();
  private final int policyPort = FreePorts.next();

  @Test
  void decidesForNginxAndFollowsPolicyEdits() throws Exception {
    Files.writeString(
        work.resolve("bulwark.yaml"),
        """
        dataDir: state
        admin: {port: %d}
        bakery: {enabled: false}
        policy: {port: %d}
        """
            .formatted(adminPort, policyPort));
    try (BulwarkUp up = BulwarkUp.start(work, adminPort, "up")) {
      JsonNode endpoints = up.endpoints();
      URI policy = URI.create(endpoints.path("policy").asText());
      assertThat(policy).isEqualTo(URI.create("http://127.0.0.1:" + policyPort));
      Path policies = Path.of(endpoints.path("policyDir").asText());
      assertThat(policies).isEqualTo(work.resolve("state/policies").toRealPath());
      assertThat(policies.resolve("routes.yaml")).isRegularFile();
      assertThat(up.stdout()).contains("/v1/authz/nginx");

      String alice = token("alice", "orders");
      HttpResponse<String> order = nginx(policy, "POST", "/orders", alice);
      assertThat(order.statusCode()).as(order.body()).isEqualTo(200);
      assertThat(order.headers().firstValue("X-Bulwark-Principal"))
          .contains(Jwts.claims(alice).path("sub").asText());
      assertThat(nginx(policy, "GET", "/products", null).statusCode()).isEqualTo(200);
      assertThat(nginx(policy, "POST", "/charges", alice).statusCode()).isEqualTo(403);
      assertThat(nginx(policy, "POST", "/orders", null).statusCode()).isEqualTo(401);
      assertThat(nginx(policy, "GET", "/orders/../admin", alice).statusCode()).isEqualTo(403);
      assertThat(nginx(policy, "GET", "/products/%2e%2e/orders", alice).statusCode())
          .isEqualTo(400);

      Path catalog = policies.resolve("catalog.yaml");
      String original = Files.readString(catalog);
      assertThat(original).contains("roles: [\"*\", anonymous]");
      Files.writeString(catalog, original.replace("roles: [\"*\", anonymous]", "roles: [\"*\"]"));
      awaitStatus(policy, "GET", "/products", null, status -> status == 401);
      assertThat(nginx(policy, "GET", "/products", alice).statusCode()).isEqualTo(200);

      Files.writeString(catalog, original.replace("resourcePolicy:", "resourcePolicy: [oops"));
      awaitMetric("policy_reloads_total{result=\"rejected\"");
      assertThat(nginx(policy, "GET", "/products", null).statusCode()).isEqualTo(401);
      assertThat(nginx(policy, "GET", "/products", alice).statusCode()).isEqualTo(200);

      List<JsonNode> audit = up.auditEvents();
      assertThat(audit)
          .anySatisfy(event -> assertThat(event.path("type").asText()).isEqualTo("policy.changed"));
      assertThat(audit)
          .anySatisfy(event -> {
            assertThat(event.path("type").asText()).isEqualTo("policy.rejected");
            assertThat(event.path("reason").asText()).contains("catalog.yaml:");
          });

      assertThat(up.terminate()).isZero();
    }
  }

  @Test
  void busyPolicyPortIsOneLineAndExit2() throws Exception {
    try (ServerSocket busy = FreePorts.busy()) {
      int port = busy.getLocalPort();
      try (BulwarkProcess up =
          BulwarkProcess.start(
              work,
              "up",
              "--data-dir",
              "state",
              "--admin-port",
              "0",
              "--catalog-port",
              "0",
              "--orders-port",
              "0",
              "--payments-port",
              "0",
              "--policy-port",
              String.valueOf(port))) {
        assertThat(up.waitForExit(Duration.ofSeconds(60))).isEqualTo(2);
        assertThat(up.stderr())
            .contains("port " + port)
            .contains("(policy)")
            .contains("--policy-port")
            .contains("policy.port");
      }
    }
  }

  @Test
  void brokenPoliciesAtStartListEveryErrorAndExit1() throws Exception {
    Path dir = Files.createDirectory(work.resolve("policies"));
    Files.writeString(
        dir.resolve("catalog.yaml"),
        "apiVersion: bulwark.io/v1\nresourcePolicy:\n  resource: product\n  rulez: []\n");
    Files.writeString(
        work.resolve("bulwark.yaml"),
        """
        dataDir: state
        admin: {port: 0}
        bakery: {enabled: false}
        policy: {dir: policies, port: 0}
        """);
    try (BulwarkProcess up = BulwarkProcess.start(work, "up")) {
      assertThat(up.waitForExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(up.stderr())
          .contains("catalog.yaml:4:3: unknown field 'rulez'")
          .contains("catalog.yaml:3:3: missing required field 'rules'")
          .doesNotContain("Exception");
    }
  }

  private String token(String user, String audience) throws Exception {
    return BulwarkProcess.run(
        work, "token", "--user", user, "--audience", audience, "--data-dir", "state");
  }

  private static HttpResponse<String> nginx(URI policy, String method, String uri, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(policy.resolve("/v1/authz/nginx"))
            .timeout(Duration.ofSeconds(10))
            .header("X-Original-Method", method)
            .header("X-Original-URI", uri);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Polls until the decision changes as expected, for at most {@link #RELOAD_WAIT}. */
  private static void awaitStatus(
      URI policy, String method, String uri, String token, Predicate<Integer> expected)
      throws Exception {
    Instant deadline = Instant.now().plus(RELOAD_WAIT);
    int status;
    do {
      status = nginx(policy, method, uri, token).statusCode();
      if (expected.test(status)) {
        return;
      }
      Thread.sleep(100);
    } while (Instant.now().isBefore(deadline));
    throw new AssertionError("decision did not change within " + RELOAD_WAIT + "; last " + status);
  }

  private void awaitMetric(String prefix) throws Exception {
    URI metrics = URI.create("http://127.0.0.1:" + adminPort + "/metrics");
    Instant deadline = Instant.now().plus(RELOAD_WAIT);
    do {
      String text =
          HTTP.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
              .body();
      if (text.lines().anyMatch(line -> line.startsWith(prefix) && !line.endsWith(" 0.0"))) {
        return;
      }
      Thread.sleep(100);
    } while (Instant.now().isBefore(deadline));
    throw new AssertionError("no " + prefix + " within " + RELOAD_WAIT);
  }
}
