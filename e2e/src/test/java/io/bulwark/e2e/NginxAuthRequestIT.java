package io.bulwark.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.testkit.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with a real nginx: the example config of {@code docs/nginx/} in front of the bakery
 * catalog, every request checked by Bulwark's decision endpoint through {@code auth_request}. Runs
 * only in the {@code interop} profile ({@code -Dbulwark.interop=true}) and then fails, never skips,
 * when nginx is missing.
 */
class NginxAuthRequestIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLICY_PORT_TIMEOUT = Duration.ofSeconds(30);
  private static final String NEW_PRODUCT =
      "{\"name\":\"Pain aux raisins\",\"priceCents\":260,\"currency\":\"EUR\"}";

  @TempDir Path work;

  private final UpPorts ports = UpPorts.free();
  private final int adminPort = ports.admin();
  private final int catalogPort = ports.catalog();
  private final int nginxPort = FreePorts.next();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void nginxLetsThroughWhatThePolicyAllowsAndAnswers401And403Otherwise() throws Exception {
    Path nginx = NginxProcess.binary();
    try (BulwarkProcess up = BulwarkProcess.start(work, upArgs())) {
      up.awaitReady(URI.create("http://127.0.0.1:" + adminPort + "/health/ready"));
      awaitPort(ports.policy(), up);
      String config =
          NginxProcess.render(
              Files.readString(template()),
              Map.of(
                  "LISTEN_PORT", String.valueOf(nginxPort),
                  "CATALOG_PORT", String.valueOf(catalogPort),
                  "POLICY_PORT", String.valueOf(ports.policy()),
                  "CA_PEM", work.resolve("state/tls/ca.pem").toString()));
      try (NginxProcess proxy = NginxProcess.start(nginx, work.resolve("nginx"), config)) {
        proxy.awaitListening(nginxPort);

        HttpResponse<String> products = http.send(get("/products"), body());
        assertThat(products.statusCode()).as(proxy.logs()).isEqualTo(200);
        assertThat(JSON.readTree(products.body()).path("products")).isNotEmpty();

        HttpResponse<String> anonymous = http.send(postProduct(null), body());
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type"))
            .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(anonymous.headers().allValues("WWW-Authenticate")).isNotEmpty();

        HttpResponse<String> customer = http.send(postProduct(token("alice", "catalog")), body());
        assertThat(customer.statusCode()).as(customer.body()).isEqualTo(403);
        assertThat(customer.headers().firstValue("Content-Type"))
            .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));

        HttpResponse<String> admin = http.send(postProduct(token("carol", "catalog")), body());
        assertThat(admin.statusCode()).as(admin.body() + proxy.logs()).isEqualTo(201);
        JsonNode created = JSON.readTree(admin.body());
        assertThat(created.path("name").asText()).isEqualTo("Pain aux raisins");

        HttpResponse<String> listed = http.send(get("/products"), body());
        assertThat(listed.body()).contains("Pain aux raisins");
      }
      assertThat(up.terminate()).as("bulwark exit code after SIGTERM").isZero();
    }
  }

  private String[] upArgs() {
    return ports.upArgs("state");
  }

  private static Path template() {
    String template = System.getProperty("bulwark.nginxConf");
    if (template == null) {
      throw new IllegalStateException("system property bulwark.nginxConf is not set");
    }
    return Path.of(template);
  }

  private String token(String user, String audience) throws Exception {
    return BulwarkProcess.run(
        work, "token", "--user", user, "--audience", audience, "--data-dir", "state");
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(nginxUri(path)).timeout(Duration.ofSeconds(10)).GET().build();
  }

  private HttpRequest postProduct(String token) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(nginxUri("/products"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(NEW_PRODUCT));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder.build();
  }

  private URI nginxUri(String path) {
    return URI.create("http://127.0.0.1:" + nginxPort + path);
  }

  private static HttpResponse.BodyHandler<String> body() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private static void awaitPort(int port, BulwarkProcess up) throws InterruptedException {
    Instant deadline = Instant.now().plus(POLICY_PORT_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError(
        "policy decision API not listening on "
            + port
            + " within "
            + POLICY_PORT_TIMEOUT
            + ": "
            + up.stderr());
  }
}
