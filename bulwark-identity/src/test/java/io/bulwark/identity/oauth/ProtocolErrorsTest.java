package io.bulwark.identity.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.core.http.HttpServer;
import io.bulwark.core.telemetry.Telemetry;
import io.bulwark.identity.user.PasswordHasher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProtocolErrorsTest {
  private Telemetry telemetry;
  private HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    telemetry = Telemetry.create("protocol-errors-test", Optional.empty(), 0.0);
    server =
        HttpServer.builder("protocol-errors-test", telemetry)
            .bind("127.0.0.1", 0)
            .routes(routes -> {
              ProtocolErrors.install(routes);
              routes.post(
                  "/login",
                  ctx -> {
                    throw new PasswordHasher.BusyException();
                  });
              routes.post(
                  Endpoints.TOKEN,
                  ctx -> {
                    throw new PasswordHasher.BusyException();
                  });
            })
            .build()
            .start();
  }

  @AfterEach
  void stop() {
    server.close();
    telemetry.close();
  }

  private HttpResponse<String> post(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(server.baseUri() + path))
            .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=x"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void saturatedPasswordChecksAnswerServiceUnavailableAsAProblemWithRetryAfter() throws Exception {
    HttpResponse<String> response = post("/login");
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(response.body()).contains("retry in a moment");
  }

  @Test
  void onOAuthEndpointsTheyAnswerTemporarilyUnavailable() throws Exception {
    HttpResponse<String> response = post(Endpoints.TOKEN);
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(response.body()).contains("\"error\":\"temporarily_unavailable\"");
  }
}
