package io.bulwark.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.core.json.Json;
import io.bulwark.gateway.config.ClusterConfig;
import io.bulwark.gateway.config.ClusterConfig.EndpointAddress;
import io.bulwark.gateway.config.GatewayConfig;
import io.bulwark.gateway.config.Limits;
import io.bulwark.gateway.config.ListenerConfig;
import io.bulwark.gateway.config.PathMatch;
import io.bulwark.gateway.config.RouteConfig;
import io.bulwark.gateway.config.Timeouts;
import io.bulwark.gateway.observe.AccessLog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** One JSON line per request on {@code bulwark.access}, without query strings or headers. */
@Timeout(30)
class AccessLogTest {

  @Test
  void writesOneJsonLinePerRequestWithoutQueryOrHeaders() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try (TestBackend backend = TestBackend.start("b");
        GatewayServer gateway =
            GatewayServer.builder(
                    new GatewayConfig(
                        List.of(ListenerConfig.plain("web", "127.0.0.1", 0)),
                        List.of(RouteConfig.of("api", PathMatch.prefix("/api"), "b")),
                        List.of(
                            ClusterConfig.of(
                                "b", new EndpointAddress("127.0.0.1", backend.port()))),
                        Timeouts.DEFAULTS,
                        Limits.DEFAULTS,
                        List.of()))
                .auditLog(new MemoryAuditLog())
                .workerThreads(1)
                .build()) {
      gateway.start();
      int port = gateway.port("web");
      RawHttp.exchange(
          port,
          "GET /api/x?token=secret123 HTTP/1.1\r\nHost: shop\r\nAuthorization: Bearer abc.def.ghi\r\n"
              + "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\n\r\n");
      RawHttp.exchange(port, "GET /a/%2e%2e/b HTTP/1.1\r\nHost: shop\r\n\r\n");
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (lines.list.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } finally {
      logger.detachAppender(lines);
    }
    List<JsonNode> json = new ArrayList<>();
    for (ILoggingEvent e : lines.list) {
      assertThat(e.getFormattedMessage()).doesNotContain("secret123").doesNotContain("abc.def");
      json.add(Json.mapper().readTree(e.getFormattedMessage()));
    }
    assertThat(json).hasSize(2);
    JsonNode ok = json.get(0);
    assertThat(ok.get("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(ok.get("route").asText()).isEqualTo("api");
    assertThat(ok.get("path").asText()).isEqualTo("/api/x");
    assertThat(ok.get("status").asInt()).isEqualTo(200);
    assertThat(ok.get("upstream").asText()).startsWith("127.0.0.1:");
    assertThat(ok.get("client").asText()).isEqualTo("127.0.0.1");
    JsonNode denied = json.get(1);
    assertThat(denied.get("status").asInt()).isEqualTo(400);
    assertThat(denied.get("denial").asText()).isEqualTo("bad-request-target");
    assertThat(denied.get("denialPhase").asText()).isEqualTo("hygiene");
  }
}
