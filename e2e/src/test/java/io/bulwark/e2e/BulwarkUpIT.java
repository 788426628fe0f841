package io.bulwark.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.core.crypto.LocalCa;
import io.bulwark.core.crypto.ServerCertificate;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code bulwark up} as a subprocess on free ports, as a user would, and checks the contract
 * of README and DESIGN: ready, endpoints.json, demo-credentials.json mode 0600, a real request
 * through the bakery, restart keeps state, busy port gives one clear line and exit 2, SIGTERM exits
 * 0.
 */
class BulwarkUpIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  private final UpPorts ports = UpPorts.free();
  private final int adminPort = ports.admin();
  private final int catalogPort = ports.catalog();
  private final int ordersPort = ports.orders();
  private final int paymentsPort = ports.payments();

  private String[] upArgs() {
    return ports.upArgs("state");
  }

  @Test
  void startsServesTheBakeryKeepsStateAcrossRestartAndStopsCleanlyOnSigterm() throws Exception {
    Path dataDir = work.resolve("state");
    String orderId;
    byte[] caFirstRun;
    String credentialsFirstRun;
    try (BulwarkUp up = BulwarkUp.start(work, ports)) {
      JsonNode endpoints = up.endpoints();
      assertThat(endpoints.path("admin").asText()).isEqualTo("http://127.0.0.1:" + adminPort);
      assertThat(endpoints.path("metrics").asText()).endsWith("/metrics");
      assertThat(endpoints.path("bakery").path("catalog").asText())
          .isEqualTo("https://localhost:" + catalogPort);
      assertThat(endpoints.path("bakery").path("orders").asText())
          .isEqualTo("https://localhost:" + ordersPort);
      assertThat(endpoints.path("bakery").path("payments").asText())
          .isEqualTo("https://localhost:" + paymentsPort);
      Path caCert = Path.of(endpoints.path("caCertificate").asText());
      assertThat(caCert).exists();
      String issuer = "https://localhost:" + ports.identity();
      assertThat(endpoints.path("issuer").asText()).isEqualTo(issuer);
      assertThat(endpoints.path("identity").asText()).isEqualTo(issuer);
      assertThat(up.stdout()).contains("identity   " + issuer);

      Path credentials = dataDir.resolve("demo-credentials.json");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)))
          .isEqualTo("rw-------");
      assertThat(JSON.readTree(credentials.toFile()).path("users")).isNotEmpty();
      assertThat(up.stdout()).contains("Try it:").contains("https://localhost:" + catalogPort);

      HttpClient https = Https.clientTrusting(caCert).build();
      URI catalog = URI.create(endpoints.path("bakery").path("catalog").asText());
      URI orders = URI.create(endpoints.path("bakery").path("orders").asText());
      URI payments = URI.create(endpoints.path("bakery").path("payments").asText());

      HttpResponse<String> products = https.send(get(catalog.resolve("/products"), null), body());
      assertThat(products.statusCode()).isEqualTo(200);
      String productId = JSON.readTree(products.body()).path("products").get(0).path("id").asText();

      String aliceToken = token("alice", "orders");
      JsonNode aliceClaims = Jwts.claims(aliceToken);
      assertThat(aliceClaims.path("iss").asText()).isEqualTo(issuer);
      assertThat(aliceClaims.path("aud").toString()).isEqualTo("\"orders\"");
      assertThat(aliceClaims.path("preferred_username").asText()).isEqualTo("alice");
      String aliceId = aliceClaims.path("sub").asText();
      HttpResponse<String> created =
          https.send(
              post(
                  orders.resolve("/orders"),
                  aliceToken,
                  "{\"items\":[{\"productId\":\"" + productId + "\",\"quantity\":2}]}"),
              body());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      orderId = JSON.readTree(created.body()).path("id").asText();

      HttpResponse<String> paid =
          https.send(post(orders.resolve("/orders/" + orderId + "/pay"), aliceToken, ""), body());
      assertThat(paid.statusCode()).as(paid.body()).isBetween(200, 201);

      HttpResponse<String> direct =
          https.send(
              post(
                  payments.resolve("/charges"),
                  token("alice", "payments"),
                  "{\"orderId\":\"" + orderId + "\",\"amountCents\":100,\"currency\":\"EUR\"}"),
              body());
      assertThat(direct.statusCode()).isEqualTo(403);
      assertThat(direct.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));

      List<JsonNode> audit = up.auditEvents();
      assertThat(audit)
          .anySatisfy(event -> assertThat(event.path("type").asText()).isEqualTo("system.started"));
      assertThat(audit)
          .anySatisfy(event -> {
            assertThat(event.path("type").asText()).isEqualTo("http.request.denied");
            assertThat(event.path("actor").path("principal").asText()).isEqualTo(aliceId);
            assertThat(event.path("target").asText()).isEqualTo("payments /charges");
          });

      HttpResponse<String> metrics =
          HttpClient.newHttpClient()
              .send(get(URI.create(endpoints.path("metrics").asText()), null), body());
      assertThat(metrics.body()).contains("http_server_requests_seconds_count");

      caFirstRun = Files.readAllBytes(caCert);
      credentialsFirstRun = Files.readString(credentials);
      assertThat(up.terminate()).as("exit code after SIGTERM").isZero();
    }

    assertThat(
            BulwarkProcess.run(
                work,
                "audit",
                "verify",
                "--strict",
                "--dir",
                "state/audit",
                "--public-key",
                "state/keys/audit-signing.pub.pem"))
        .startsWith("OK");

    try (BulwarkUp again = BulwarkUp.start(work, ports)) {
      assertThat(Files.readAllBytes(dataDir.resolve("tls/ca.pem"))).isEqualTo(caFirstRun);
      assertThat(Files.readString(dataDir.resolve("demo-credentials.json")))
          .isEqualTo(credentialsFirstRun);
      HttpClient https = Https.clientTrusting(dataDir.resolve("tls/ca.pem")).build();
      HttpResponse<String> order =
          https.send(
              get(
                  URI.create("https://localhost:" + ordersPort + "/orders/" + orderId),
                  token("alice", "orders")),
              body());
      assertThat(order.statusCode()).as(order.body()).isEqualTo(200);
      assertThat(JSON.readTree(order.body()).path("status").asText()).isEqualTo("PAID");
      assertThat(again.terminate()).isZero();
    }
  }

  @Test
  void busyPortGivesOneClearLineAndExitCodeTwo() throws Exception {
    try (ServerSocket taken =
            new ServerSocket(catalogPort, 50, java.net.InetAddress.getLoopbackAddress());
        BulwarkProcess up = BulwarkProcess.start(work, upArgs())) {
      int code = up.waitForExit(Duration.ofSeconds(60));
      assertThat(code).isEqualTo(2);
      assertThat(up.stderr().lines().filter(line -> !line.isBlank() && !line.contains(" INFO ")))
          .as("one clear line, no stack trace")
          .singleElement()
          .satisfies(line ->
              assertThat(line).contains(String.valueOf(catalogPort)).contains("--catalog-port"));
    }
  }

  @Test
  void servesTheOperatorsCertificateWhenConfiguredAndLogsJsonLines() throws Exception {
    Path operatorDir = Files.createDirectories(work.resolve("operator-pki"));
    LocalCa operatorCa = LocalCa.loadOrCreate(operatorDir, java.time.Clock.systemUTC());
    ServerCertificate issued = operatorCa.loadOrIssueLocalhost(operatorDir);
    Files.writeString(
        work.resolve("bulwark.yaml"),
        "tls:\n  certFile: "
            + issued.certificateFile()
            + "\n  keyFile: "
            + issued.privateKeyFile()
            + "\n");

    try (BulwarkUp up = BulwarkUp.start(work, ports, "--log-format", "json")) {
      JsonNode endpoints = up.endpoints();
      assertThat(endpoints.has("caCertificate")).isFalse();
      HttpClient https = Https.clientTrusting(operatorCa.caCertificatePath()).build();
      HttpResponse<String> created =
          https.send(
              post(
                  URI.create("https://localhost:" + ordersPort + "/orders"),
                  BulwarkProcess.run(
                          work,
                          "token",
                          "--user",
                          "bob",
                          "--audience",
                          "orders",
                          "--data-dir",
                          "state",
                          "--cacert",
                          operatorCa.caCertificatePath().toString())
                      .strip(),
                  "{\"items\":[{\"productId\":\"croissant\",\"quantity\":1}]}"),
              body());
      assertThat(created.statusCode())
          .as("orders calls catalog over the operator's TLS")
          .isEqualTo(201);
      assertThat(up.terminate()).isZero();
      assertThat(up.stderr().lines().filter(line -> !line.isBlank()))
          .isNotEmpty()
          .allSatisfy(line -> assertThat(JSON.readTree(line).path("level").asText()).isNotEmpty());
      assertThat(up.stderr()).as("no token fragment in logs").doesNotContain("eyJ");
    }
  }

  @Test
  void gatewayForwardsTokenBearingRequestsToTheCatalogAndRefusesOnesWithout() throws Exception {
    try (BulwarkUp up = BulwarkUp.start(work, ports)) {
      JsonNode endpoints = up.endpoints();
      URI gateway = URI.create(endpoints.path("gateway").asText());
      assertThat(gateway.toString()).isEqualTo("https://localhost:" + ports.gateway());
      assertThat(up.stdout()).contains("gateway    https://localhost:" + ports.gateway());
      HttpClient https = up.httpsClient();

      HttpResponse<String> withToken =
          https.send(get(gateway.resolve("/products"), token("alice", "catalog")), body());
      assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(200);
      assertThat(JSON.readTree(withToken.body()).path("products")).isNotEmpty();
      assertThat(withToken.headers().firstValue("RateLimit-Policy")).isPresent();

      HttpResponse<String> without = https.send(get(gateway.resolve("/products"), null), body());
      assertThat(without.statusCode()).isEqualTo(401);
      assertThat(without.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));

      HttpResponse<String> forged =
          https.send(get(gateway.resolve("/products"), "eyJhbGciOiJub25lIn0.e30."), body());
      assertThat(forged.statusCode()).isEqualTo(401);
      assertThat(forged.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).contains("error=\"invalid_token\""));
    }
  }

  private String token(String user, String audience) throws Exception {
    return BulwarkProcess.run(
        work, "token", "--user", user, "--audience", audience, "--data-dir", "state");
  }

  private static HttpResponse.BodyHandler<String> body() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private static HttpRequest get(URI uri, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder.GET().build();
  }

  private static HttpRequest post(URI uri, String token, String json) {
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }
}
