package io.bulwark.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.core.json.Json;
import io.bulwark.core.telemetry.Telemetry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private Telemetry telemetry;
  private AdminServer admin;

  @BeforeEach
  void start() {
    telemetry = Telemetry.create("admin-test", Optional.empty(), 1.0);
    admin = AdminServer.create("127.0.0.1", 0, telemetry).start();
  }

  @AfterEach
  void stop() {
    admin.close();
    telemetry.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(admin.baseUri().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void reportsLiveWhileRunning() throws Exception {
    var response = get("/health/live");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Json.mapper().readTree(response.body()).get("status").asText()).isEqualTo("UP");
  }

  @Test
  void readinessFlipsTo503WhenACheckIsDown() throws Exception {
    AtomicBoolean dbUp = new AtomicBoolean(true);
    admin.addHealthCheck(
        "db", () -> dbUp.get() ? HealthCheck.Result.up() : HealthCheck.Result.down("no pool"));
    admin.addHealthCheck("keys", () -> HealthCheck.Result.up("2 keys"));

    var ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonNode up = Json.mapper().readTree(ready.body());
    assertThat(up.get("status").asText()).isEqualTo("UP");
    assertThat(up.at("/checks/keys/detail").asText()).isEqualTo("2 keys");

    dbUp.set(false);
    var notReady = get("/health/ready");
    assertThat(notReady.statusCode()).isEqualTo(503);
    JsonNode down = Json.mapper().readTree(notReady.body());
    assertThat(down.get("status").asText()).isEqualTo("DOWN");
    assertThat(down.at("/checks/db/status").asText()).isEqualTo("DOWN");
    assertThat(down.at("/checks/db/detail").asText()).isEqualTo("no pool");
    assertThat(down.at("/checks/keys/status").asText()).isEqualTo("UP");
  }

  @Test
  void throwingCheckCountsAsDownWithoutLeakingItsMessage() throws Exception {
    admin.addHealthCheck(
        "vault",
        () -> {
          throw new IllegalStateException("token=s3cr3t rejected");
        });

    var response = get("/health/ready");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).doesNotContain("s3cr3t");
  }

  @Test
  void servesPrometheusMetricsWithJvmAndHttpServerRequests() throws Exception {
    get("/health/live");

    var response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue(AdminServer.PROMETHEUS_CONTENT_TYPE);
    assertThat(response.body()).contains("jvm_memory_used_bytes{");
    assertThat(HttpServerTest.countOf(response.body(), "admin", "/health/live", "200"))
        .isGreaterThanOrEqualTo(1.0);
    for (String line : response.body().lines().toList()) {
      assertThat(line)
          .matches("^(#.*|[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})? -?[0-9.eE+-]+|.*NaN|.*Inf)$");
    }
  }
}
