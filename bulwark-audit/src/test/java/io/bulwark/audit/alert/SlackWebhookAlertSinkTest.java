package io.bulwark.audit.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.bulwark.audit.TestAwait;
import io.bulwark.audit.sink.Backoff;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlackWebhookAlertSinkTest {
  private static final Backoff FAST = new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), 0);
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private HttpServer server;
  private URI url;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext(
        "/hook",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int status = failuresLeft.getAndDecrement() > 0 ? 503 : 200;
          if (status == 200) {
            bodies.add(body);
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static Alert alert(String group) {
    Instant t = Instant.parse("2026-03-04T10:00:00Z");
    return new Alert(
        "01JNH0000000000000000000AA",
        "brute-force-account",
        "Brute-force login against one account",
        Severity.HIGH,
        group,
        t,
        t,
        t,
        t.plusSeconds(40),
        1,
        List.of("01JNH0000000000000000000E1", "01JNH0000000000000000000E2"),
        "10 or more failed logins.");
  }

  @Test
  void postsASlackMessageWithTextAndBlocksLinkingTheEvents() throws Exception {
    try (SlackWebhookAlertSink sink = new SlackWebhookAlertSink(url, 10, 3, FAST, registry)) {
      sink.send(alert("user:<!channel>"));
      TestAwait.until("the post", () -> bodies.size() == 1);
    }
    JsonNode message = new ObjectMapper().readTree(bodies.getFirst());
    assertThat(message.path("text").asText())
        .contains("[high] Brute-force login against one account")
        .contains("&lt;!channel&gt;")
        .doesNotContain("<!channel>");
    assertThat(message.path("blocks").get(0).path("type").asText()).isEqualTo("header");
    assertThat(message.path("blocks").toString())
        .contains("01JNH0000000000000000000E1")
        .contains("01JNH0000000000000000000E2")
        .contains("brute-force-account");
  }

  @Test
  void retriesWithBackoffUntilTheReceiverAnswers() throws Exception {
    failuresLeft.set(2);
    try (SlackWebhookAlertSink sink = new SlackWebhookAlertSink(url, 10, 5, FAST, registry)) {
      sink.send(alert("user:alice"));
      TestAwait.until("the post after retries", () -> bodies.size() == 1);
    }
    assertThat(registry.counter("audit.alerts.webhook.delivered").count()).isEqualTo(1.0);
  }

  @Test
  void givesUpAfterMaxAttemptsAndCountsTheDrop() throws Exception {
    failuresLeft.set(100);
    try (SlackWebhookAlertSink sink = new SlackWebhookAlertSink(url, 10, 3, FAST, registry)) {
      sink.send(alert("user:alice"));
      TestAwait.until(
          "the drop", () -> registry.counter("audit.alerts.webhook.dropped").count() == 1.0);
    }
    assertThat(bodies).isEmpty();
    assertThat(failuresLeft.get()).isEqualTo(97);
  }

  @Test
  void refusesPlainHttpToAnotherHost() {
    assertThatThrownBy(
            () -> SlackWebhookAlertSink.of(URI.create("http://hooks.example.com/x"), registry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
  }
}
