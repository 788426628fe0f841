package io.bulwark.audit.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.bulwark.audit.TestAwait;
import io.bulwark.audit.TestEvents;
import io.bulwark.audit.chain.AuditKeys;
import io.bulwark.audit.chain.AuditSigningKey;
import io.bulwark.audit.file.ChainedFileOptions;
import io.bulwark.audit.sink.AuditMode;
import io.bulwark.audit.sink.Backoff;
import io.bulwark.audit.sink.FanOutAuditLog;
import io.bulwark.audit.sink.SinkOptions;
import io.bulwark.audit.verify.AuditVerifier;
import io.bulwark.audit.verify.VerificationResult;
import io.bulwark.core.config.FsyncPolicy;
import io.bulwark.core.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookAuditSinkTest {

  private static final AuditSigningKey KEY = AuditKeys.generate();

  @TempDir Path dir;

  private HttpServer server;
  private final AtomicBoolean up = new AtomicBoolean();
  private final AtomicInteger refused = new AtomicInteger();
  private final List<JsonNode> received = new ArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/audit",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          int status;
          if (!up.get()) {
            refused.incrementAndGet();
            status = 503;
          } else {
            JsonNode batch = Json.mapper().readTree(body);
            synchronized (received) {
              batch.get("records").forEach(received::add);
            }
            status = 200;
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/audit");
  }

  @Test
  void retriesSpoolsToDiskAndReplaysEverythingInOrderOnceTheEndpointRecovers() throws IOException {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Path spool = dir.resolve("spool/webhook.jsonl");
    SinkOptions options =
        SinkOptions.defaults()
            .withQueueCapacity(4)
            .withBatchSize(7)
            .withBackoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(40), 0.2))
            .withSpool(spool, 1 << 20);
    long last;
    try (FanOutAuditLog log =
        FanOutAuditLog.open(
            dir.resolve("audit"),
            KEY,
            ChainedFileOptions.defaults()
                .withFsync(FsyncPolicy.BATCH)
                .withCheckpoints(1000, Duration.ofHours(1)),
            AuditMode.REQUIRED,
            List.of(new FanOutAuditLog.Secondary(WebhookAuditSink.of(url()), options)),
            registry)) {
      for (int i = 0; i < 40; i++) {
        log.append(TestEvents.loginFailed("alice", i));
      }
      log.primary().checkpoint();
      last = log.primary().lastSeq();
      TestAwait.until("the endpoint refused a retry", () -> refused.get() >= 2);
      assertThat(log.failing("webhook")).isTrue();
      assertThat(registry.get("audit.sink.backlog").tag("sink", "webhook").gauge().value())
          .isEqualTo(last);
      assertThat(Files.size(spool)).isPositive();

      up.set(true);
      TestAwait.until("backlog delivered", () -> log.backlog("webhook") == 0);
      assertThat(log.failing("webhook")).isFalse();
      assertThat(Files.size(spool)).isZero();
      assertThat(registry.get("audit.sink.records").tag("sink", "webhook").counter().count())
          .isEqualTo(last);
    }
    Map<Long, String> bySeq = new TreeMap<>();
    List<Long> order = new ArrayList<>();
    synchronized (received) {
      for (JsonNode record : received) {
        long seq = record.get("seq").asLong();
        order.add(seq);
        bySeq.putIfAbsent(seq, record.toString());
      }
    }
    assertThat(order).isSorted();
    assertThat(bySeq.keySet())
        .hasSize((int) bySeq.keySet().stream().mapToLong(x -> x).max().orElse(0));
    assertThat(bySeq).hasSizeGreaterThanOrEqualTo((int) last);
    VerificationResult result =
        new AuditVerifier(List.of(KEY.publicKey()), true)
            .verifyRecords(Path.of("webhook"), bySeq.values().iterator());
    assertThat(result.ok()).as(String.valueOf(result.failure())).isTrue();
  }

  @Test
  void refusesPlainHttpToAnotherHost() {
    assertThatThrownBy(() -> WebhookAuditSink.of(URI.create("http://audit.example.com/in")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(WebhookAuditSink.of(URI.create("https://audit.example.com/in")).name())
        .isEqualTo("webhook");
  }
}
